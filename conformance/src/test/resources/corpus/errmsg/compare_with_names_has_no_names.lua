-- order errors name the types, never the variables
local a, b = {}, 1
print(a < b)
