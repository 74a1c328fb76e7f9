-- kernel-only: '/' dispatches to __idiv
local mt = {}
local names = {"__add", "__sub", "__mul", "__mod", "__idiv", "__band", "__bor", "__bxor", "__shl", "__shr"}
for _, n in ipairs(names) do mt[n] = function(a, b) return n end end
local t = setmetatable({}, mt)
print(t + 1, t - 1, t * 1, t % 1, t // 1, t / 1)
print(t & 1, t | 1, t ~ 1, t << 1, t >> 1)
print(1 + t, 2 // t)
