local min = -9223372036854775807 - 1
print(min // -1 == min, min % -1, min * -1 == min)
