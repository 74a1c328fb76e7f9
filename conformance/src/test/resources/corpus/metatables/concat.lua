local mt = {__concat = function(a, b)
  local l = type(a) == "table" and a.name or a
  local r = type(b) == "table" and b.name or b
  return l .. "+" .. r
end}
local t = setmetatable({name = "T"}, mt)
print(t .. "s", "s" .. t, 1 .. t, t .. t)
