print(pcall(error))
print(pcall(error, nil))
