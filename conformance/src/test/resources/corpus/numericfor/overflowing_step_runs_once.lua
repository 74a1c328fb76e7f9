local n = 0
for i = 1, 10, 9223372036854775807 do n = n + 1; print(i) end
for i = -1, -10, -9223372036854775807 - 1 do n = n + 1; print(i) end
print(n)
