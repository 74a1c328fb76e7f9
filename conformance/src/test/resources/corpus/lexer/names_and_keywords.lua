local _x1, goto_, And, _ENDX = 1, 2, 3, 4
print(_x1 + goto_ + And + _ENDX)
local t = {["end"] = 5, ["while"] = 6}
print(t["end"], t["while"])
