local t = setmetatable({}, {__index = function(_, k) return coroutine.yield(k) end})
local co = coroutine.wrap(function() return "value: " .. t.key end)
print(co())
print(co("resumed"))
