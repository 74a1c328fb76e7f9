print(string.char(65, 256))
