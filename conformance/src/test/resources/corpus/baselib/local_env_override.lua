local print = print
local _ENV = {z = 3}
w = 4
print(z, w, _G)
