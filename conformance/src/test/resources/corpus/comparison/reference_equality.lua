local t = {}
local f = function() end
print(t == t, t == {}, f == f, print == print, "x" .. "y" == "xy")
