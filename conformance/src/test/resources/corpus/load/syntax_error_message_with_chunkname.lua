print(load("if", "=mychunk"))
print(load("x = [[", "@long.lua"))
