local t = {"only"}
print(next(t))
print(next(t, 1))
print(next({}))
