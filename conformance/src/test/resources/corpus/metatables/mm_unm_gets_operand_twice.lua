-- the unary metamethods get the operand as both arguments
local t = setmetatable({}, {__unm = function(a, b) return rawequal(a, b) end, __bnot = function(a, b) return rawequal(a, b) end})
print(-t, ~t)
