-- kernel-only: kernel Lua says <integer> where stock Lua says <name> (its token-name table)
-- load reports syntax errors as nil plus message instead of raising
print(load("x = ", "=chunk"))
print(load("local 1", "@file.lua"))
local f, msg = load("y =\n\n= 2")
print(f, msg)
