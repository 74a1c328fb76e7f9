print(load("x = [[abc", "=chunk"))
print(load("--[[ open comment", "=chunk"))
