local closer = setmetatable({}, {__close = function() print("closed") end})
local function gen(s, i) return i + 1 end
for i in gen, nil, 0, closer do
  print(i)
  if i == 2 then break end
end
print("after")
