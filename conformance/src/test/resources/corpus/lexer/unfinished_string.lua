print(load('x = "abc', "=chunk"))
print(load('x = "abc\ny"', "=chunk"))
