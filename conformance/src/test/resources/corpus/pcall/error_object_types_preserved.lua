for _, v in ipairs({1, true, "s"}) do
  local ok, e = pcall(error, v)
  print(ok, type(e), e)
end
