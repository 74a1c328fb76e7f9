local calls = 0
local mt = {__eq = function() calls = calls + 1; return false end}
local t = setmetatable({}, mt)
print(t == t, calls)
