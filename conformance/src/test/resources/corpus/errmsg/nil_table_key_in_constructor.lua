local k
local t = {[k] = 1}
