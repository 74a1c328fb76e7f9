-- the results of string.byte must fit in the 200-slot stack
print(select("#", string.byte(string.rep("x", 150), 1, -1)))
print(pcall(string.byte, string.rep("x", 1000), 1, -1))
