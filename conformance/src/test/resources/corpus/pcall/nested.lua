local ok1, ok2, e = pcall(pcall, error, "x", 0)
print(ok1, ok2, e)
local r = {pcall(function()
  local a, b = pcall(error, "inner", 0)
  return a, b, "outer continues"
end)}
print(r[1], r[2], r[3], r[4])
