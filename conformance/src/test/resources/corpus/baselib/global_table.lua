x = 1
print(_G._G == _G, _G.print == print, _G.x, _ENV == _G)
_G.y = 2
print(y)
