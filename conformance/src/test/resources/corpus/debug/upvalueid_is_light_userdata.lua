-- an upvalue id is a light userdata: type() says "userdata", argument errors say "light userdata"
local x = debug.upvalueid(function () return debug end, 1)
print(type(x))
print(select(2, pcall(debug.setuservalue, x, {})))
print(select(2, pcall(string.rep, x, 2)))
print(select(2, pcall(setmetatable, x, {})))
print(select(2, pcall(debug.getuservalue, x)))
