-- string.sub with positive, negative, zero and out-of-range indices
local s = "hello"
print(s:sub(2), s:sub(2, 4), s:sub(-3), s:sub(-3, -2), s:sub(0), s:sub(0, 0))
print(s:sub(10), s:sub(3, 2), s:sub(-100, 2), s:sub(2, 100), s:sub(-100, -100))
print(s:sub(math.mininteger or -9223372036854775807 - 1, -1), s:sub(1, 9223372036854775807))
print(string.sub("", 1, 1) == "", #string.sub("a\0b", 1, 3))
print(pcall(string.sub, "x"))
print(pcall(string.sub, "x", "a"))
print(string.sub(12345, 2, 3), string.sub("abc", "2"))
