local f = coroutine.wrap(function() local x = {} ; return x.a.b end)
f()
