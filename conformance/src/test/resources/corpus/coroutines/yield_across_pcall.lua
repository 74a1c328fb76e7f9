local co = coroutine.create(function()
  local ok, v = pcall(function()
    local got = coroutine.yield("from inside pcall")
    return got * 2
  end)
  return ok, v
end)
print(coroutine.resume(co))
print(coroutine.resume(co, 21))
