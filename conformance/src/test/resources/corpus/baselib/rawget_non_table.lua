rawget("s", 1)
