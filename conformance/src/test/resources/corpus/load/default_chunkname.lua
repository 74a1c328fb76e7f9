print(pcall(load("error('x')")))
print(pcall(load("local a = 1\nerror('line two')")))
