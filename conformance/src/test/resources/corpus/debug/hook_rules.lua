-- hooks do not run inside hooks; errors in hooks propagate; per-thread hooks
local function join(t, sep)
  local s = ""
  for i, v in ipairs(t) do s = s .. (i > 1 and (sep or " ") or "") .. tostring(v) end
  return s
end
local depth, maxdepth = 0, 0
local function h(ev)
  depth = depth + 1
  if depth > maxdepth then maxdepth = depth end
  local function inner() return 1 end
  inner()
  depth = depth - 1
end
local function f() return 1 end
debug.sethook(h, "cr")
f()
debug.sethook()
print("max depth", maxdepth)

-- an error raised by a hook reaches the hooked code's pcall
local function boom(ev, line)
  if line == 22 then error("hook failed") end
end
local ok, err = pcall(function()
  debug.sethook(boom, "l")
  local a = 1
  return a
end)
debug.sethook()
print(ok, err)

-- hooks belong to a thread: a coroutine runs without the main thread's hook function
local seen = {}
local co = coroutine.create(function(a)
  local b = a + 1
  coroutine.yield(b)
  return b * 2
end)
debug.sethook(function(ev, line) seen[#seen + 1] = ev end, "c")
print(coroutine.resume(co, 1))
debug.sethook()
print(#seen > 0)
print(debug.gethook(co))

-- a hook set on a coroutine runs only there
local lines = {}
debug.sethook(co, function(ev, line) lines[#lines + 1] = ev .. ":" .. line end, "l")
print(debug.gethook())
print(select(2, debug.gethook(co)))
print(coroutine.resume(co))
print(join(lines, " "))
