-- table.move: overlapping ranges both ways, another table, empty ranges
local function show(t, n) local s = {} for i = 1, n do s[i] = tostring(t[i]) end print(table.concat(s, ",")) end
show(table.move({1, 2, 3, 4, 5}, 2, 4, 1), 5)
show(table.move({1, 2, 3, 4, 5}, 1, 3, 3), 5)
show(table.move({1, 2, 3}, 1, 3, 1, {}), 3)
show(table.move({1, 2, 3}, 1, 3, 2, {9, 9, 9, 9}), 4)
local t = {}
print(table.move(t, 1, 0, 5) == t, #t)
local d = {}
print(table.move({1}, 1, 1, 1, d) == d)
show(table.move({1, 2, 3}, 2, 3, -1), 3)
print(table.move({[-1] = "a", [0] = "b"}, -1, 0, 1)[2])
local m = table.move({1, 2, 3}, 1, 3, math.maxinteger - 2)
print(m[math.maxinteger], m[math.maxinteger - 2])
