local k <const> = 10
local function f() k = 1 end
