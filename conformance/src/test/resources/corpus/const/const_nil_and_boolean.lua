local N <const> = nil
local B <const> = false
print(N, B, N == nil, not B)
