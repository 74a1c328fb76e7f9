-- len, lower, upper and reverse are byte-wise and 8-bit clean; case changes only ASCII
print(string.len(""), string.len("a\0b"), #"\xff\xfe", string.len(123))
print(string.lower("HeLLo, World! 123"), string.upper("HeLLo, World! 123"))
local hi = "\xC0\xE9\xFF\0Az"
print(string.byte(string.lower(hi), 1, -1))
print(string.byte(string.upper(hi), 1, -1))
print(string.reverse("abc\0d"):byte(1, -1))
print(string.reverse(""), string.reverse("x"), ("stressed"):reverse())
print(pcall(string.len))
print(pcall(string.upper, {}))
