print(pcall(assert, false))
print(pcall(assert, nil, "custom message"))
local t = {1}
print(select(2, pcall(assert, false, t)) == t)
print(select("#", assert(1, 2, 3)), assert("v", "unused"))
