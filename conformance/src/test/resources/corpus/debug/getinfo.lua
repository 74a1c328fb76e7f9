-- debug.getinfo: levels, functions, option strings
local function join(t, sep)
  local s = ""
  for i, v in ipairs(t) do s = s .. (i > 1 and (sep or " ") or "") .. tostring(v) end
  return s
end
local function show(t, keys)
  local out = {}
  for _, k in ipairs(keys) do out[#out + 1] = k .. "=" .. tostring(t[k]) end
  print(join(out, " "))
end
local S = {"source", "short_src", "linedefined", "lastlinedefined", "what"}

local function f(a, b, ...)
  local info = debug.getinfo(1)
  show(info, S)
  show(info, {"currentline", "nups", "nparams", "isvararg", "name", "namewhat", "istailcall"})
  print(info.func == f)
  return debug.getinfo(2, "l").currentline
end
print(f(1, 2))

show(debug.getinfo(print), S)
show(debug.getinfo(print, "u"), {"nups", "nparams", "isvararg"})
show(debug.getinfo(1, "S"), S)
show(debug.getinfo(f, "Su"), {"what", "linedefined", "lastlinedefined", "nparams", "isvararg", "nups"})
print(debug.getinfo(f, "l").currentline, debug.getinfo(f, "n").namewhat, debug.getinfo(f, "n").name)
print(debug.getinfo(100))
print(debug.getinfo(-1))
show(debug.getinfo(0, "Sn"), {"what", "name", "namewhat"})

-- names as the caller saw them
local t = {}
function t.field() return debug.getinfo(1, "n") end
function t:method() return debug.getinfo(1, "n") end
function globalfn() return debug.getinfo(1, "n") end
local function loc() return debug.getinfo(1, "n") end
show(t.field(), {"name", "namewhat"})
show(t:method(), {"name", "namewhat"})
show(globalfn(), {"name", "namewhat"})
show(loc(), {"name", "namewhat"})
local mt = {__index = function() return debug.getinfo(1, "n") end}
show(setmetatable({}, mt).x, {"name", "namewhat"})
show(pcall(debug.getinfo, 1, "n") and select(2, pcall(debug.getinfo, 1, "n")), {"name", "namewhat"})

-- tail calls
local function callee() return debug.getinfo(1, "nt") end
local function tail() return callee() end
show(tail(), {"istailcall", "name", "namewhat"})

-- active lines
local function lines()
  local a = 1
  local b = 2
  return a + b
end
local act = debug.getinfo(lines, "L").activelines
local ks = {}
for k in pairs(act) do ks[#ks + 1] = k end
for i = 2, #ks do
  local j = i
  while j > 1 and ks[j - 1] > ks[j] do ks[j - 1], ks[j] = ks[j], ks[j - 1]; j = j - 1 end
end
print(join(ks, " "))
print(debug.getinfo(print, "L").activelines)

-- errors
print(pcall(debug.getinfo, 1, "X"))
print(pcall(debug.getinfo, 1, ">S"))
print(pcall(debug.getinfo, f, ">S"))
print(pcall(debug.getinfo, "x"))
print(pcall(debug.getinfo))
print(pcall(debug.getinfo, {}))

-- a coroutine's levels
local co = coroutine.create(function(x)
  local y = x
  coroutine.yield(y)
end)
coroutine.resume(co, 5)
show(debug.getinfo(co, 0, "Sl"), {"what", "currentline"})
show(debug.getinfo(co, 1, "Sl"), {"what", "currentline", "linedefined"})
print(debug.getinfo(co, 2))
