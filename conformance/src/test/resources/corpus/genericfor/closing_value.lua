-- the fourth value of a generic for is a to-be-closed variable
local closer = setmetatable({}, {__close = function() print("closed") end})
local function gen(s, i) if i < 2 then return i + 1 end end
for i in gen, nil, 0, closer do print("iteration", i) end
print("after loop")
