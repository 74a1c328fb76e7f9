-- kernel-only: each coroutine has its own 200-slot stack
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
local co = coroutine.create(depth)
print(coroutine.resume(co, 1000))
print(coroutine.status(co))
print(coroutine.resume(coroutine.create(depth), 70))
