local flag = true
local function f() return flag - 1 end
f()
