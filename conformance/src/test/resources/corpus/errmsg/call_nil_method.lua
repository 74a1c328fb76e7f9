local obj = {}
obj:frob(1)
