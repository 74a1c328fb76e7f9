-- table.insert / table.remove on plain tables
local t = {1, 2, 3}
table.insert(t, 4)
table.insert(t, 1, 0)
table.insert(t, 3, "m")
table.insert(t, #t + 1, "end")
print(#t, table.concat(t, ","))
print(table.remove(t), table.remove(t, 1), table.concat(t, ","))
print(table.remove(t, 2), table.concat(t, ","))
print(table.remove({}), table.remove({}, 0), table.remove({}, 1))
print(table.remove({1, 2}, 3), table.remove({[0] = "z"}, 0))
local u = {n = 1}
table.insert(u, "a")
print(#u, u[1], u.n)
local big = {}
for i = 1, 1000 do table.insert(big, i) end
for i = 1, 10 do table.insert(big, 1, -i) end
print(#big, big[1], big[10], big[11], big[1010])
local sum = 0
while #big > 0 do sum = sum + table.remove(big) end
print(sum, #big)
local holes = {1, 2, 3}
table.insert(holes, 2, nil)
print(holes[1], holes[2], holes[3], holes[4])
print(table.insert({}, "x"))
