local a = 0
print(1 % a)
