xpcall(print)
