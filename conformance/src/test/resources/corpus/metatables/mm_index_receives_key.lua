local keys = ""
local t = setmetatable({present = 1}, {__index = function(self, k) keys = keys .. tostring(k) .. ";"; return nil end})
local _ = t.present, t.absent, t[10], t[true]
print(keys)
