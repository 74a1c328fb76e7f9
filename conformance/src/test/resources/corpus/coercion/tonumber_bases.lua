print(tonumber("10", 16), tonumber("zz", 36), tonumber("ZZ", 36), tonumber("777", 8), tonumber("-ff", 16), tonumber("  11  ", 2))
print(tonumber("8", 8), tonumber("1.0", 10), tonumber("", 10), tonumber("z", 35))
