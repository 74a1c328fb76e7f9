-- kernel-only: "1.5" is not a number in kernel Lua, so %d says "number expected"
print(string.format("%d", "12"))
print(pcall(string.format, "%d", "1.5"))
