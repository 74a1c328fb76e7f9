local t = {10, 20, 30, x = 1, y = 2}
local n, sum, keys = 0, 0, 0
for k, v in pairs(t) do n = n + 1; sum = sum + v end
print(n, sum)
