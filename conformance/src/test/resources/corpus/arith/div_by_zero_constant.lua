-- kernel-only: constant folding does not hide the division by zero
print(1/0)
