local max = 9223372036854775807
local min = -9223372036854775807 - 1
local n = 0
for i = min, max, max do n = n + 1; print(i) end
print(n)
for i = max, min, min do print(i) end
