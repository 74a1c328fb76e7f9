-- a coroutine killed by an error keeps its stack: traceback, getinfo and getlocal still see
-- the frames where it failed, until coroutine.close
local function f(i)
  local here = i * 10
  if i == 0 then error("boom") end
  f(i - 1)
end
local co = coroutine.create(function(x) f(x) end)
print(coroutine.resume(co, 2))
print(coroutine.status(co))
print(debug.traceback(co))
print(debug.traceback(co, "msg", 2))
local info = debug.getinfo(co, 1, "Sl")
print(info.short_src, info.currentline)
print(debug.getlocal(co, 1, 1), debug.getlocal(co, 1, 2))
print(debug.getlocal(co, 3, 2))
print(coroutine.close(co))
print(debug.traceback(co))
print(debug.getinfo(co, 0))
