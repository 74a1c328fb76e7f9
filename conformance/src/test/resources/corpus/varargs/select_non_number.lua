select("x", 1)
