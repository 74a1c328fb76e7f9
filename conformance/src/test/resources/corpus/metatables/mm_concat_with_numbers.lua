local t = setmetatable({}, {__concat = function(a, b)
  return (type(a) == "number" and "N" or "T") .. (type(b) == "number" and "N" or "T")
end})
print(t .. 1, 2 .. t)
