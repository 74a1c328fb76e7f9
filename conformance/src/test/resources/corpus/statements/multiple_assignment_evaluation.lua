local a, b = 1, 2
a, b = b, a
print(a, b)
local x, y, z = (function() return 1, 2 end)()
print(x, y, z)
