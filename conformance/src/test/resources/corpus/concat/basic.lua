local a, b = "con", "cat"
print(a .. b, a .. 1 .. b, 1 .. 2, "" .. "")
