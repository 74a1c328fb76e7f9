-- debug.sethook keeps the threads' hooks in the registry's _HOOKKEY table, with weak keys
local function h() end
debug.sethook(h, "l")
debug.sethook()
local reg = debug.getregistry()
local hk = reg._HOOKKEY
print(type(hk), getmetatable(hk).__mode)
local co = coroutine.create(function() end)
debug.sethook(co, h, "c")
print(hk[co] == h)
debug.sethook(co)
print(hk[co])
