local function f() return type(g) end
local g = function() return "local" end
print(f())
local h
h = function(n) if n == 0 then return "done" end return h(n - 1) end
print(h(5))
