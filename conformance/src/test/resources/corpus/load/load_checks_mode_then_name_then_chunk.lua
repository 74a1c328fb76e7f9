-- load checks its arguments as lbaselib does: the mode, then the chunk name, then the chunk
print(pcall(load, nil, {}, {}))
print(pcall(load, 1, {}))
print(pcall(load, {}, "name"))
print(pcall(load, "return 1", "=n", 5))
print(load("return 7", "=n", "t")())
print(load("return 7", "=n", "b"))
