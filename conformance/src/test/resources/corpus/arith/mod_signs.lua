-- the result takes the sign of the divisor
print(7 % 3, -7 % 3, 7 % -3, -7 % -3, 6 % 3, 0 % 5)
