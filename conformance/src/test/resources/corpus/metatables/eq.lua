local mt = {__eq = function(a, b) return a.id == b.id end}
local x = setmetatable({id = 1}, mt)
local y = setmetatable({id = 1}, mt)
local z = setmetatable({id = 2}, mt)
print(x == y, x ~= y, x == z, rawequal(x, y), x == 1)
