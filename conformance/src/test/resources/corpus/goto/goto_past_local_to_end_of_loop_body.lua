for i = 1, 3 do
  if i == 2 then goto continue end
  local sq = i * i
  print(i, sq)
  ::continue::
end
