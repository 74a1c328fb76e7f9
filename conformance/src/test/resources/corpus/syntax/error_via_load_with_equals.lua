print(load("return ==", "=(load)"))
