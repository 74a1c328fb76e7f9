local co = coroutine.create(function() return pcall(coroutine.isyieldable) end)
print(coroutine.resume(co))
