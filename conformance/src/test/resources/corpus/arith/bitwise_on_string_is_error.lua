local s = "3"
print(s & 1)
