-- kernel-only: there is no __div event; '/' looks for __idiv
local t = setmetatable({}, {__div = function() return "div" end})
print(t / 2)
