local BASE <const> = 100
local function add(x) return BASE + x end
print(add(1), add(-100))
