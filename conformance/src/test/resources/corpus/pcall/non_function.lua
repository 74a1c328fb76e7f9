print(pcall(42))
print(pcall({}))
