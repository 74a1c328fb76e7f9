-- math.abs max min tointeger ult maxinteger mininteger on integers
print(math.abs(-5), math.abs(5), math.abs(0), math.abs(math.mininteger), math.abs(-math.maxinteger))
print(math.max(3, 9, 2), math.min(3, 9, 2), math.max(7), math.min(-7))
print(math.max(math.mininteger, math.maxinteger), math.min(math.mininteger, math.maxinteger))
print(math.max("a", "b", "ab"), math.min("a", "b", "ab"))
local mt = {__lt = function(a, b) return a.v < b.v end}
local x, y = setmetatable({v = 1}, mt), setmetatable({v = 2}, mt)
print(math.max(x, y) == y, math.min(x, y) == x)
print(math.tointeger(5), math.tointeger(-0), math.tointeger("8"), math.tointeger(" 0x10 "))
print(math.tointeger("x"), math.tointeger({}), math.tointeger(nil), math.tointeger(true))
print(math.ult(1, -1), math.ult(-1, 1), math.ult(1, 2), math.ult(2, 2), math.ult(math.maxinteger, math.mininteger))
print(math.maxinteger, math.mininteger, math.maxinteger + 1 == math.mininteger)
print(math.ult("1", 2))
