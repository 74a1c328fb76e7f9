local log = {}
local t = setmetatable({}, {__newindex = function(self, k, v) rawset(self, k, v * 2); log[#log + 1] = k end})
t.x = 5
t.x = 7  -- existing key: no metamethod
print(t.x, #log, log[1])
