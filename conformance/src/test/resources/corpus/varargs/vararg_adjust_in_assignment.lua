local function none() end
local a, b = none(), 5
print(a, b)
local x, y, z = 1
print(x, y, z)
