local called = false
local mt = {__eq = function() called = true; return true end}
local t = setmetatable({}, mt)
print(t == 1, t == "t", called)
