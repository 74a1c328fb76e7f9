local ok, v = pcall(error, 17)
print(ok, v, type(v))
local ok2, v2 = pcall(function() error(17) end)
print(ok2, v2, type(v2))
