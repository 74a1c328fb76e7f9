print(select(-2, "a", "b", "c"))
print(select(2, "a"))
print(select("#", select(3, 1, 2, 3, 4)))
