local mt = {__lt = function() return 1 end, __le = function() return nil end}
local a, b = setmetatable({}, mt), setmetatable({}, mt)
print(a < b, a <= b, a > b, a >= b)
