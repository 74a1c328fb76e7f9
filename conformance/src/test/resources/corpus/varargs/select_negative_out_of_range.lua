print(select(-3, "a", "b"))
