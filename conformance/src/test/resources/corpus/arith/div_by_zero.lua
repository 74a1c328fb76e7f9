-- kernel-only: '/' by zero is the integer error
local a, b = 1, 0
print(a / b)
