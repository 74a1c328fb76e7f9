flag = true
flag()
