-- format copies literal bytes (including zeros and high bytes) unchanged
print(string.format("\0%c\0%c%x\0", 228, 98, 140) == "\0\228\0b8c\0")
print(string.format(""), string.format("no conversions"), string.format("100%% sure"))
print(string.format("%s\0 is not \0%s", "a", "b") == "a\0 is not \0b")
print(string.format("-%.20s.20s", string.rep("%", 40)))
