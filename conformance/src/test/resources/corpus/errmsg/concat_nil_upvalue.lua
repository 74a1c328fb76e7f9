local name
local function greet() return "hi " .. name end
greet()
