-- call, tail call, return and line events of small functions, with getinfo(2) inside the hook
local function join(t, sep)
  local s = ""
  for i, v in ipairs(t) do s = s .. (i > 1 and (sep or " ") or "") .. tostring(v) end
  return s
end
local function g(x)
  return x + 1
end

local function f(a, b)
  local c = a + b
  if c > 3 then
    c = c * 2
  else
    c = g(c)
  end
  return c
end

local function t(n)
  return g(n)
end

local evs = {}
local function hook(ev, line)
  local info = debug.getinfo(2, "Sn")
  evs[#evs + 1] = join({ev, line, info.short_src .. ":" .. info.linedefined, info.name, info.namewhat})
end

debug.sethook(hook, "crl")
local x = f(1, 2)
x = x + f(0, 1)
for i = 1, 2 do
  x = x + i
end
local k = 0
while k < 2 do
  k = k + 1
end
repeat k = k - 1 until k == 0
x = x + t(1)
debug.sethook()
for _, e in ipairs(evs) do print(e) end
print(x)
