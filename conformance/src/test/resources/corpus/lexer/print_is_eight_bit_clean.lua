print("a\0b", "\xff\xfe\x80", #"\0\0")
