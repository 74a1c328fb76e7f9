print(pcall(load("error('x')", "=custom")))
print(pcall(load("error('x')", "@path/file.lua")))
