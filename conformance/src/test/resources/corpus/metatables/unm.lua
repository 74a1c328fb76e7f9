local t = setmetatable({v = 3}, {__unm = function(a) return -a.v * 10 end})
print(-t)
