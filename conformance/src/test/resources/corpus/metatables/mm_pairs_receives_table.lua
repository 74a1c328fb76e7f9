local t
t = setmetatable({}, {__pairs = function(self) return function(s, k) if k == nil then return 1, rawequal(s, t) end end, self, nil end})
for k, v in pairs(t) do print(k, v) end
