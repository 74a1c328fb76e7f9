-- kernel-only: the string metatable has no __div and no __pow (kernel Lua has neither event)
local mt = getmetatable("")
print(rawget(mt, "__div"), rawget(mt, "__pow"))
print("7" / "2", "7" // "2")
