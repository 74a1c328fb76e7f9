local mt = {__eq = function() return coroutine.yield("eq") end, __len = function() return coroutine.yield("len") end}
local a, b = setmetatable({}, mt), setmetatable({}, mt)
local co = coroutine.wrap(function() return a == b, #a end)
print(co()); print(co(true)); print(co(9))
