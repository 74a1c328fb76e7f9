-- kernel-only: stock Lua has %f
local x = string.format("%f", 1)
