-- kernel-only: package as kernel Lua has it (semantics 1.11): no cpath, three searchers, no io/os
print(package.path)
print(package.cpath, #package.searchers)
print(package.config == "/\n;\n?\n!\n-\n")
print(package.loadlib("liba.so", "luaopen_a"))
print(io, os, package.loaded.io, package.loaded.os)
print(pcall(require, "io"))
