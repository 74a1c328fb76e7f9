local t = {}
for i = 1, 20 do t["k" .. i] = i end
local n = 0
for k in pairs(t) do t[k] = nil; n = n + 1 end
print(n, next(t))
