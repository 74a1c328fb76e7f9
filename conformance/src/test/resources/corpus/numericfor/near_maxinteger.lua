-- the iteration count is precomputed: no overflow at the top
local max = 9223372036854775807
local n = 0
for i = max - 2, max do n = n + 1; print(i) end
print(n)
