local t = {}
for i = 1, 1000 do t[i] = i * 2 end
local sum = 0
for i = 1, #t do sum = sum + t[i] end
print(#t, sum, t[1000])
