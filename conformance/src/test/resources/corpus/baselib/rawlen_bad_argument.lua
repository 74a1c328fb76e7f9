rawlen(5)
