print(coroutine.isyieldable())
local co = coroutine.create(function() return coroutine.isyieldable() end)
print(coroutine.resume(co))
