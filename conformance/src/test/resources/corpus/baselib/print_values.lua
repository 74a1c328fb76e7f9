print(1, nil, true, false, "s", -0)
print()
print("")
print(nil)
