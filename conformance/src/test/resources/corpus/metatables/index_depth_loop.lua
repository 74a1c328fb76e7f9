-- an __index chain that loops forever is cut off
local t = {}
setmetatable(t, {__index = t})
print(t.x)
