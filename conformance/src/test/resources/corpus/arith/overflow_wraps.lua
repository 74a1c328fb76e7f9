local max = 9223372036854775807
local min = -9223372036854775807 - 1
print(max + 1 == min, max + 1)
print(max * 2, min - 1 == max, -min == min)
