local function f() end
local function g() return end
print(select("#", f()), select("#", g()), f())
