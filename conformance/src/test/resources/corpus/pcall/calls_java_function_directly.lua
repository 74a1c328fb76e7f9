print(pcall(rawlen, {1, 2}))
print(pcall(rawlen))
