print("a" < "b", "abc" < "abd", "" < "a", "Z" < "a", "a" < "aa", "b" <= "b", "b" >= "c")
