print(load("local t = {} ; return t.end", "=c"))
