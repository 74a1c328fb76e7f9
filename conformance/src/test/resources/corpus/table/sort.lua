-- table.sort: default order, comparators, strings, stability-free checks, big arrays
local s = {5, 3, 8, 1, 9, 2}
table.sort(s)
print(table.concat(s, " "))
table.sort(s, function(a, b) return a > b end)
print(table.concat(s, " "))
local w = {"pear", "apple", "fig", "Banana", "apple"}
table.sort(w)
print(table.concat(w, " "))
local one = {42}
table.sort(one, "not checked for one element")
table.sort({}, 1)
print(one[1])
local function sorted(t, lt)
  for i = 2, #t do if lt(t[i], t[i - 1]) then return false end end
  return true
end
for _, n in ipairs({2, 3, 4, 10, 99, 100, 101, 1000, 5000}) do
  local t = {}
  for i = 1, n do t[i] = (i * 7919) % 1009 - 500 end
  table.sort(t)
  local ok1 = sorted(t, function(a, b) return a < b end)
  table.sort(t, function(a, b) return a > b end)
  local ok2 = sorted(t, function(a, b) return a > b end)
  print(n, ok1, ok2, #t)
end
local asc = {} for i = 1, 2000 do asc[i] = i end
table.sort(asc)
print(asc[1], asc[2000])
table.sort(asc, function(a, b) return a > b end)
print(asc[1], asc[2000])
local same = {} for i = 1, 500 do same[i] = 7 end
table.sort(same)
print(same[1], same[500])
local recs = {{k = 3, v = "c"}, {k = 1, v = "a"}, {k = 2, v = "b"}}
table.sort(recs, function(x, y) return x.k < y.k end)
print(recs[1].v .. recs[2].v .. recs[3].v)
local mt = {__lt = function(a, b) return a.x < b.x end}
local objs = {}
for i = 1, 20 do objs[i] = setmetatable({x = (i * 13) % 20}, mt) end
table.sort(objs)
print(objs[1].x, objs[20].x)
