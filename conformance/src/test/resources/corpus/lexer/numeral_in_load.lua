-- kernel-only: the same errors through load
print(load("return 1.5", "=c"))
print(load("return 2e2", "=c"))
print(load("return 123", "=c")())
