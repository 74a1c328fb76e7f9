local t
t = setmetatable({}, {__len = function(a) return rawequal(a, t) and 7 or -1 end})
print(#t)
