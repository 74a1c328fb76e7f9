local t = {}
print(t.mask | 1)
