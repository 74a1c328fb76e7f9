local t = setmetatable({}, {__index = function(self, k) return k .. "!" end})
print(t.a, t[1], rawget(t, "a"))
