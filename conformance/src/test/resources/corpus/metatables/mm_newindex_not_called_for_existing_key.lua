local calls = 0
local t = setmetatable({a = 1}, {__newindex = function(self, k, v) calls = calls + 1; rawset(self, k, v) end})
t.a = 2
t.b = 3
t.b = 4
print(t.a, t.b, calls)
