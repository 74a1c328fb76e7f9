local t = {}
for i = 1, 50 do t[i] = 51 - i end
table.sort(t, function(a, b) return true end)
