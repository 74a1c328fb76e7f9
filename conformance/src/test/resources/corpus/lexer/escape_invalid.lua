print(load('return "\\q"', "=chunk"))
