local t = {name = "x"}
print(t.name * 1)
