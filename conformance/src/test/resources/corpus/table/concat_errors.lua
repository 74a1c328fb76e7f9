-- table.concat errors: invalid values, missing table, bad separator
local function try(f) print(select(2, pcall(f))) end
try(function() return table.concat({1, {}, 3}) end)
try(function() return table.concat({1, 2}, ",", 1, 3) end)
try(function() return table.concat({true}) end)
try(function() return table.concat(nil) end)
try(function() return table.concat({}, {}) end)
try(function() return table.concat({}, "", "x") end)
try(function() return table.concat(setmetatable({}, {__len = function() return "x" end})) end)
try(function() return table.concat(setmetatable({}, {__len = function() return 1 end})) end)
