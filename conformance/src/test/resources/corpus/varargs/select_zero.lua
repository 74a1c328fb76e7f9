select(0, "a")
