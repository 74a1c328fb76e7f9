local N <const> = 4
local t = {}
for i = 1, N do t[i] = i * N end
print(#t, t[N])
