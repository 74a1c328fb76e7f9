local x = "abc"
print(x * 2)
