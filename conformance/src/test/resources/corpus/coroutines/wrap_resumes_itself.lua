local f
f = coroutine.wrap(function() return f() end)
print(pcall(f))
