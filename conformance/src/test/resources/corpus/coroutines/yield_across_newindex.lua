local t = setmetatable({}, {__newindex = function(self, k, v) rawset(self, k, coroutine.yield(k) .. v) end})
local co = coroutine.wrap(function() t.key = "!"; return t.key end)
print(co())
print(co("value"))
