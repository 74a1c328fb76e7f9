print(load('return "\\256"', "=chunk"))
