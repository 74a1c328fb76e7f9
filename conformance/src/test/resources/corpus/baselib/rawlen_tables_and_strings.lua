print(rawlen({1, 2, 3}), rawlen(""), rawlen("abc"), rawlen({n = 1}))
