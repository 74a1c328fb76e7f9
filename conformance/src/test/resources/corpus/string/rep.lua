-- string.rep with counts, separators and the size limit
print(string.rep("ab", 3), string.rep("ab", 3, ","), string.rep("x", 0), string.rep("x", -5))
print(string.rep("", 5), string.rep("", 4, "-"), string.rep("a", 1, "SEP"))
print(#string.rep("\0", 10, "\1"), string.rep("12", "2"))
print(pcall(string.rep, "aa", 1 << 30))
print(pcall(string.rep, "a", 1 << 30, ","))
print(pcall(string.rep, "x", math.maxinteger or 9223372036854775807))
print(pcall(string.rep, "x"))
print(pcall(string.rep, "x", 2, {}))
