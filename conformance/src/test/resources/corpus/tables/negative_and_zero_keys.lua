local t = {[0] = "zero", [-1] = "minus one"}
print(t[0], t[-1], #t)
