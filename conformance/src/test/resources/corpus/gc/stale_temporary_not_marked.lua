-- a table left in a dead temporary register is garbage: an automatic collection at a table
-- constructor (Lua's checkGC) does not mark the registers above the new table
local name
setmetatable({}, {__gc = function() name = "collected" end})
repeat local a = {} until name
print(name)
