local t = {}
local k = "dyn"
t[k]()
