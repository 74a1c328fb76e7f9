-- kernel-only: "count" is an integer number of bytes; it grows with allocation and falls
-- once the garbage is collected
collectgarbage()
local before = collectgarbage("count")
local t = {}
for i = 1, 20000 do t[i] = {i} end
local during = collectgarbage("count")
t = nil
collectgarbage()
local after = collectgarbage("count")
print(before // 1 == before, during > before + 20000 * 40, after < during - 20000 * 40)
local s = ""
for i = 1, 100 do s = s .. "xxxxxxxxxx" end
print(collectgarbage("count") >= after + 1000)
