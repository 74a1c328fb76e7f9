local s = string.rep("abc", 1 << 40)
