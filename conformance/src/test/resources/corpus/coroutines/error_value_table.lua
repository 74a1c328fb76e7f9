local e = {}
local co = coroutine.create(function() error(e) end)
local ok, got = coroutine.resume(co)
print(ok, got == e)
