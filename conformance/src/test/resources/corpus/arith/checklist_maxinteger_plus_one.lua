-- semantics 1.13: math.maxinteger + 1 == math.mininteger (written with literals: no math library yet)
print(9223372036854775807 + 1 == -9223372036854775807 - 1)
