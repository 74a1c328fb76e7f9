local function helper(x) return coroutine.yield(x) end
local co = coroutine.create(function() local a = helper(1); local b = helper(a + 1); return a + b end)
print(coroutine.resume(co))
print(coroutine.resume(co, 10))
print(coroutine.resume(co, 20))
