print(load("return 1, 'two', nil, true")())
