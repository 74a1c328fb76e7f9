local f = load("return 1 + 1")
print(type(f), f())
