local a = {x = "from a"}
local b = setmetatable({y = "from b"}, {__index = a})
local c = setmetatable({}, {__index = b})
print(c.x, c.y, c.z)
