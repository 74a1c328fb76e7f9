local co = coroutine.create(function() local x = nil; return x.y end)
print(coroutine.resume(co))
print(coroutine.status(co))
