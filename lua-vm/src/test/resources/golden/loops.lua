local sum = 0
for i = 1, 10 do sum = sum + i end
for i = 10, 1, -1 do
  local f = function() return i end
  g(f)
end
for k, v in pairs(t) do
  if v then break end
  print(k, v)
end
for i = 1, 3 do
  if i == 2 then goto continue end
  print(i)
  ::continue::
end
return sum
