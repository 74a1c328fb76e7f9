print(load(5))
