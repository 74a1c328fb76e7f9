print("a\0b" < "a\0c", "a\0" > "a", #"a\0b")
