local function lvl3() error("deep", 3) end
local function lvl2() lvl3() end
local function lvl1() lvl2() end
print(pcall(lvl1))
