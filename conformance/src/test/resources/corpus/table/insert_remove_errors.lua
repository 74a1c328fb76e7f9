-- argument errors of table.insert / table.remove
local function try(f) print(select(2, pcall(f))) end
local t = {1, 2, 3}
try(function() table.insert(t, 5, 1) end)
try(function() table.insert(t, 0, 1) end)
try(function() table.insert(t, -1, 1) end)
try(function() table.insert(t) end)
try(function() table.insert(t, 1, 2, 3) end)
try(function() table.insert(t, "x", 2) end)
try(function() table.insert(nil, 1) end)
try(function() table.insert(1, 1) end)
try(function() table.insert(setmetatable({}, {}), 1) end)
try(function() table.remove({1, 2}, 4) end)
try(function() table.remove({1, 2}, -1) end)
try(function() table.remove({}, 2) end)
try(function() table.remove() end)
try(function() table.remove({}, "x") end)
print(table.concat(t, ","))
