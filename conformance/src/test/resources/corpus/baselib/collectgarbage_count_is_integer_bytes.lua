-- kernel-only: "count" is an integer number of bytes, not a float of kilobytes
local c = collectgarbage("count")
print(type(c), c > 0, c // 1 == c, tostring(c) == tostring(c // 1))
