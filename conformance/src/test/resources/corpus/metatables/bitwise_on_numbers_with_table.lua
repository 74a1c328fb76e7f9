local t = setmetatable({}, {__band = function(a, b) return 99 end})
print(3 & t, t & "x")
