local a, b = f()
if a < b and b ~= 3 or not a then
  print(a)
elseif a == 1 then
  print(b)
else
  print("none")
end
while a < 10 do
  a = a + 1
  if a == 5 then break end
end
repeat
  local z = a
  a = a - 1
until z < 3
local c = a > b
local d = a or b and c
