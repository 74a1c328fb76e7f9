local obj = setmetatable({}, {__call = function(self, x) return coroutine.yield(x) + 1 end})
local co = coroutine.wrap(function() return obj(5) end)
print(co())
print(co(41))
