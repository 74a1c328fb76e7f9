local mt = {__lt = function(a, b) return (type(a) == "table" and a.v or a) < (type(b) == "table" and b.v or b) end}
local x = setmetatable({v = 5}, mt)
print(x < 10, 1 < x, 10 < x)
