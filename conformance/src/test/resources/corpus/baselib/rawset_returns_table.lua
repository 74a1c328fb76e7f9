local t = {}
print(rawset(t, "k", 1) == t, t.k)
