print(load('return "\\xg0"', "=chunk"))
