print(load("x = [==", "=chunk"))
