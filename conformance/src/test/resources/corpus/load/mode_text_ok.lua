print(load("return 'text ok'", "=c", "t")())
print(load("return 'both'", "=c", "bt")())
