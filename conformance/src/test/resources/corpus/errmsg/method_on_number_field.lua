local obj = {n = 1}
obj.n:foo()
