local f = load("return y", "=chunk", "t", nil)
print(pcall(f))
