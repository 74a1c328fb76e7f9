local a, b = 1, 0
print(pcall(function() return a // b end))
print(1 // 0)
