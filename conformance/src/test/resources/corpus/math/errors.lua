-- argument errors of the math functions
local function try(f) print(select(2, pcall(f))) end
try(function() return math.abs("x") end)
try(function() return math.abs() end)
try(function() return math.abs({}) end)
try(function() return math.max() end)
try(function() return math.min() end)
try(function() return math.min(1, "2") end)
try(function() return math.max({}, {}) end)
try(function() return math.tointeger() end)
try(function() return math.ult(1) end)
try(function() return math.ult(nil, 1) end)
