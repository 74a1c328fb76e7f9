local function f(...) return select("#", ...) end
local function g() return f(1, 2, 3) end
local function h(t) return rawlen(t) end
print(g(), h({1, 2}))
