-- table.sort errors: incomparable values, bad comparator, inconsistent order, huge length
local function try(f) print(select(2, pcall(f))) end
try(function() table.sort({3, 1, "x"}) end)
try(function() table.sort({{}, {}}) end)
try(function() table.sort({1, 2, 3}, 1) end)
try(function() table.sort({1, 2, 3}, setmetatable({}, {__call = function() return true end})) end)
try(function() table.sort({5, 4, 3, 2, 1, 6, 7, 8, 9, 10}, function(a, b) return true end) end)
try(function() table.sort({1, 2, 3}, function(a, b) error("boom") end) end)
print(type(select(2, pcall(table.sort, {1, 2, 3}, function(a, b) error({}) end))))
try(function() table.sort(setmetatable({}, {__len = function() return math.maxinteger end})) end)
try(function() table.sort(nil) end)
-- inconsistent comparators never loop forever: they either finish or raise
for _, f in ipairs({function(a, b) return a <= b end, function() return true end, function() return false end}) do
  local arr = {}
  for i = 1, 300 do arr[i] = (i * 31) % 17 end
  print(pcall(table.sort, arr, f))
end
