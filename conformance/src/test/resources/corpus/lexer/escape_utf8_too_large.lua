print(load('return "\\u{80000000}"', "=chunk"))
