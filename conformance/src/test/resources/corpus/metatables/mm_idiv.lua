-- __idiv receives both operands in source order, for table on either side
local mt = {}
mt.__idiv = function(a, b)
  local l = type(a) == "table" and a.tag or a
  local r = type(b) == "table" and b.tag or b
  return "idiv(" .. l .. "," .. r .. ")", "dropped"
end
local t = setmetatable({tag = "T"}, mt)
print(t // 3)
print(4 // t)
print(t // t)
