local env = {}
local f = load("x = 42; return x", "chunk", "t", env)
print(f(), env.x, x)
