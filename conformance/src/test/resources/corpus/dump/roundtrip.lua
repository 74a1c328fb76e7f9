-- dumped and reloaded functions behave as the originals
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
local function fib(n) local a, b = 0, 1 for _ = 1, n do a, b = b, a + b end return a end
local function va(...) return select('#', ...), ... end
local function tbl() local t = {1, 2, 3, x = "y", [10] = false} t[#t + 1] = "four" return t end
local function strs() return "a\0b" .. "\255", #"a\0b\255", 'long ' .. "=" .. "==" end
local function cls()
  local n = 0
  return function() n = n + 1 return n end
end
local function loops()
  local s = ""
  for i = 10, 1, -3 do s = s .. i .. " " end
  for k, v in ipairs({"p", "q"}) do s = s .. k .. v end
  local i = 0
  repeat i = i + 1 until i >= 5
  while true do i = i + 1 if i > 8 then break end end
  goto done
  s = "skipped"
  ::done::
  return s, i
end
local function ints() return 0x7fffffffffffffff, -0x7fffffffffffffff - 1, -1 // 2, 7 % -3, 1 << 63, ~0 end

print(load(string.dump(fib))(30))
print(load(string.dump(va))(1, nil, 3))
local t = load(string.dump(tbl))()
print(#t, t[4], t.x, t[10])
print(load(string.dump(strs))() == "a\0b\255", select(2, load(string.dump(strs))()))
local mk = load(string.dump(cls))
local c = mk()
print(c(), c(), c())
print(load(string.dump(loops))())
print(load(string.dump(ints), "ints", "b", _ENV)())
-- fact calls itself through an upvalue: in the copy that upvalue is _ENV (a table)
print(pcall(load(string.dump(fact)), 1))
print(select(2, pcall(load(string.dump(fact)), 3)))
-- a dump of a dump is the same bytes
print(string.dump(load(string.dump(loops))) == string.dump(loops))
print(string.dump(load(string.dump(loops, true)), true) == string.dump(loops, true))
print(#string.dump(loops, true) < #string.dump(loops))
