-- kernel-only: "1.5" is not a number, so the string metamethod finds no conversion
print("1.5" + 1)
