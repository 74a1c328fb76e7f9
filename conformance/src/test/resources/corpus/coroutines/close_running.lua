local co
co = coroutine.create(function() return coroutine.close(co) end)
print(coroutine.resume(co))
