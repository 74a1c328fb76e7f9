-- argument errors of table.move
local function try(f) print(select(2, pcall(f))) end
try(function() table.move({}, 1, math.maxinteger, 2) end)
try(function() table.move({}, -1, math.maxinteger, 2) end)
try(function() table.move({1}, 1, 2, math.maxinteger) end)
try(function() table.move({}, 1, 2) end)
try(function() table.move({}, 1, 2, 3, 4) end)
try(function() table.move(1, 1, 1, 1) end)
try(function() table.move({}, "a", 1, 1) end)
try(function() table.move({}, 1, 1, 1, setmetatable({}, {__index = {}})) end)
try(function() table.move({}, math.mininteger, -1, 1, setmetatable({}, {__newindex = function() end})) end)
