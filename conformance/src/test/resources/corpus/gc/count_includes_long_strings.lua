-- kernel-only: "count" is in bytes; long strings made by the library (string.rep) count,
-- and a collected long string key of a weak table no longer does
collectgarbage(); collectgarbage()
local m = collectgarbage("count")
local a = setmetatable({}, {__mode = "kv"})
a[string.rep("a", 1 << 20)] = 25
a[string.rep("b", 1 << 20)] = {}
print(collectgarbage("count") > m + (2 << 20))
collectgarbage()
local c = collectgarbage("count")
print(c >= m + (1 << 20), c < m + (2 << 20))
local k, v = next(a)
print(#k, v, next(a, k))
a[k] = nil
k = nil
collectgarbage()
print(collectgarbage("count") <= m + 1024)
