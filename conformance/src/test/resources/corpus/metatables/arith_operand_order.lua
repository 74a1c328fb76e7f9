local mt = {__sub = function(a, b)
  return (type(a) == "table" and "T" or tostring(a)) .. "-" .. (type(b) == "table" and "T" or tostring(b))
end}
local t = setmetatable({}, mt)
print(t - 1, 1 - t, t - t)
