local obj = setmetatable({}, {__call = function(self, n) return "called with " .. n end})
local function f(n) return obj(n) end
print(f(7))
