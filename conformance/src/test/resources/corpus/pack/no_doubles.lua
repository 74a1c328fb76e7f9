-- kernel-only: stock Lua has the d option
local s = string.pack("d", 1)
