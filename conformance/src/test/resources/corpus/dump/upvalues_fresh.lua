-- a loaded dump gets fresh upvalues; the first one is set to the environment
local a, b = 10, 20
local function f() return a, b end
local g = load(string.dump(f))
local x, y = g()
print(x == _G, y)
local env = {}
local h = load(string.dump(f), "h", "b", env)
x, y = h()
print(x == env, y)
-- fresh: setting them in the copy does not touch the original
local function counter() b = b + 1; return b end
local c2 = load(string.dump(counter))
print(pcall(c2))
print(counter(), b)
-- a function without upvalues: env is not an upvalue, nothing to set
local function k(n) return n * 2 end
print(load(string.dump(k), "k", "b", env)(21))
-- a main chunk dumped keeps _ENV as its first upvalue
local main = load("x_from_env = 7; return x_from_env + 1")
local m2 = load(string.dump(main), "m", "b", {})
print(m2(), x_from_env)
