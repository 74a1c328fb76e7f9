-- with a base, tonumber takes an optional sign, '+' as well as '-'
print(tonumber("+ff", 16), tonumber("-ff", 16), tonumber("  +101  ", 2))
print(tonumber("+", 10), tonumber("+-1", 10), tonumber("++1", 10))
print(tonumber("+z", 36), tonumber("- 1", 10))
