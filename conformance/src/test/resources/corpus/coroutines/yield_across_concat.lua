local mt = {__concat = function(a, b) return coroutine.yield("concat") end}
local t = setmetatable({}, mt)
local co = coroutine.wrap(function() return "<" .. (t .. "x") .. ">" end)
print(co())
print(co("joined"))
