-- table functions go through __index / __newindex / __len, and accept table-like values
local log = {}
local store = {}
local proxy = setmetatable({}, {
  __len = function() return #store end,
  __index = function(_, k) log[#log + 1] = "get" .. k return store[k] end,
  __newindex = function(_, k, v) log[#log + 1] = "set" .. k .. "=" .. tostring(v) rawset(store, k, v) end,
})
table.insert(proxy, "a")
table.insert(proxy, "b")
table.insert(proxy, 1, "c")
print(table.concat(store, ","), table.concat(log, " "))
log = {}
print(table.remove(proxy, 1), table.concat(store, ","), table.concat(log, " "))
log = {}
print(table.concat(proxy, "+"), table.concat(log, " "))
log = {}
print(table.unpack(proxy))
print(table.concat(log, " "))
log = {}
table.sort(proxy, function(a, b) return a > b end)
print(table.concat(store, ","))
log = {}
local dst = setmetatable({}, {__newindex = function(_, k, v) log[#log + 1] = k .. "=" .. v end})
table.move(proxy, 1, 2, 5, dst)
print(table.concat(log, " "))
-- a userdata-like value: any value with a metatable providing the fields
local seq = setmetatable({}, {__len = function() return 3 end, __index = function(_, k) return k * k end})
print(table.unpack(seq))
print(table.concat(seq, " "))
-- __len must give an integer
print(pcall(table.insert, setmetatable({}, {__len = function() return "2" end}), "x"))
-- a table with only __index is still a table for insert (raw writes)
local base = {10, 20}
local t = setmetatable({}, {__index = base})
table.insert(t, "x")
print(rawget(t, 1), #t)
