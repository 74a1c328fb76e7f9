print(load("return 1", "=c", "b"))
