local o = {}
local function f() o:missing() end
f()
