local n = 0
for i = 9223372036854775807, 0 do n = n + 1 end
for i = -9223372036854775807 - 1, 0, -1 do n = n + 1 end
print(n)
