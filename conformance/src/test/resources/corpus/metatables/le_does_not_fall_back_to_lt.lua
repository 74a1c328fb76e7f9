-- Lua 5.4 no longer emulates __le with not __lt
local mt = {__lt = function(a, b) return true end}
local a, b = setmetatable({}, mt), setmetatable({}, mt)
print(a < b)
print(a <= b)
