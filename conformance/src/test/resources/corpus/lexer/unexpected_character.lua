print(load("x = 1 @ 2", "=c"))
print(load("x = $", "=c"))
