print("hi")
local a, b = 1, 2
x = a + b * 3
local s = "tab\there" .. a .. b
return a, b
