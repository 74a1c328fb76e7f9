-- a loaded chunk resolves globals through its own environment even later
local env = {v = 1}
local f = load("return v", "=c", "t", env)
print(f())
env.v = 2
print(f())
