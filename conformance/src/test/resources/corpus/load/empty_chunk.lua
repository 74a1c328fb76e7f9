local f = load("")
print(type(f), select("#", f()))
