-- kernel-only: kernel Lua says <integer> where stock Lua says <name> (its token-name table)
local function () end
