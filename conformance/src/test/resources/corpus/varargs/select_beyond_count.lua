print(select(2, "a"))
print(select(5, "a", "b"))
print(select("#", select(2, "a")))
