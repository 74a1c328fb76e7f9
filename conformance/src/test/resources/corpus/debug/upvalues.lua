-- getupvalue / setupvalue / upvalueid / upvaluejoin
local a, b = 1, 2
local function f() return a + b end
local function g() return b end
print(debug.getupvalue(f, 1))
print(debug.getupvalue(f, 2))
print(debug.getupvalue(f, 3))
print(select("#", debug.getupvalue(f, 0)))
print(debug.setupvalue(f, 1, 10))
print(a, f())
print(select("#", debug.setupvalue(f, 5, 1)))
print(debug.getupvalue(print, 1))
print(select("#", debug.getupvalue(print, 1)))

print(debug.upvalueid(f, 2) == debug.upvalueid(g, 1))
print(debug.upvalueid(f, 1) == debug.upvalueid(g, 1))
print(type(debug.upvalueid(f, 1)))
print(debug.upvalueid(f, 3))
print(debug.upvalueid(print, 1))

debug.upvaluejoin(f, 1, g, 1)
print(f())
print(debug.upvalueid(f, 1) == debug.upvalueid(g, 1))
b = 5
print(f(), g())

print(pcall(debug.upvaluejoin, f, 3, g, 1))
print(pcall(debug.upvaluejoin, f, 1, g, 9))
print(pcall(debug.upvaluejoin, print, 1, g, 1))
print(pcall(debug.getupvalue, 1, 1))
print(pcall(debug.getupvalue, f))
print(pcall(debug.setupvalue, f, 1))
print(pcall(debug.upvalueid, {}, 1))

-- _ENV is an upvalue of the main chunk
local mainf = load("return x")
print((debug.getupvalue(mainf, 1)))
debug.setupvalue(mainf, 1, {x = 42})
print(mainf())
