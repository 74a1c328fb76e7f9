-- debug.traceback
local function lvl3() return debug.traceback("msg") end
local function lvl2() return lvl3() .. "" end
print(lvl2())
print(debug.traceback("m", 2))
print(debug.traceback())
print(debug.traceback(nil))
local t = {}
print(debug.traceback(t) == t)
print(debug.traceback(12))
print(debug.traceback("x", 50))
local co = coroutine.create(function()
  local function inner() coroutine.yield() end
  inner()
end)
coroutine.resume(co)
print(debug.traceback(co))
print(debug.traceback(co, "hello"))
print(debug.traceback(co, "lvl1", 1))
print(pcall(debug.traceback, "a", "b"))
