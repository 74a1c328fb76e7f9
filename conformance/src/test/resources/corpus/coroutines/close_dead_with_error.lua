local co = coroutine.create(function() error("failed", 0) end)
coroutine.resume(co)
print(coroutine.close(co))
