-- the exact text after "cannot open" differs between Lua builds, so only the shape is checked
print(pcall(dofile, "no/such/file.lua") == false)
local f, e = loadfile("no/such/file.lua")
print(f, type(e))
