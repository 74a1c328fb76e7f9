-- kernel-only: kernel Lua says <integer> where stock Lua says <name> (its token-name table)
print(load("local t = {} ; return t.end", "=c"))
