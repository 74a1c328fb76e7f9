local t <const> = {}
t.x = 1
print(t.x)
