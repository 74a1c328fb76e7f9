-- stripped functions lose line information and names: errors read as in Lua 5.4
local up = {}
local function idx(a) return a.field end
local function arith() return up + 1 end
local function raise() error("boom") end
local function raise2() error("lvl2", 2) end
local function badarg() return setmetatable(1, nil) end
local function glob() return undefined_global.x end

print(pcall(load(string.dump(idx, true)), nil))
print(pcall(load(string.dump(idx)), nil))
print(pcall(load(string.dump(arith, true))))
print(pcall(load(string.dump(arith))))
print(pcall(load(string.dump(raise, true))))
print(pcall(load(string.dump(raise))))
print(pcall(load(string.dump(badarg, true))))
print(pcall(load(string.dump(glob, true))))
print(pcall(load(string.dump(glob))))
-- a stripped function called from a normal one: level 2 points at the caller
local r2 = load(string.dump(raise2, true))
print(pcall(function() r2() end))
