local min = -9223372036854775807 - 1
local n = 0
for i = min + 2, min, -1 do n = n + 1; print(i) end
print(n)
