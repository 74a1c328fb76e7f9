-- a __call that is itself a callable table
local inner = setmetatable({}, {__call = function(self, a, b) return "inner", a ~= nil, b end})
local outer = setmetatable({}, {__call = inner})
print(pcall(outer, 5))
