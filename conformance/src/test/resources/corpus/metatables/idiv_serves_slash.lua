-- kernel-only: with __idiv, both t/2 and t//2 call it
local t = setmetatable({}, {__idiv = function(a, b) return "idiv " .. b end})
print(t / 2, t // 3)
