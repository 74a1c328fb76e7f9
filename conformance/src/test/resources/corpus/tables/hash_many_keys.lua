local t = {}
for i = 1, 500 do t["key" .. i] = i end
local n, sum = 0, 0
for k, v in pairs(t) do n = n + 1; sum = sum + v end
print(n, sum, t.key250)
