local cfg = {}
local function f() return cfg.size + 1 end
f()
