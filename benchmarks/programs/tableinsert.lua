-- table.insert: appends to fresh lists, a few front inserts, and table.remove from the end.
local insert, remove = table.insert, table.remove
local total = 0
for round = 1, 2000 do
  local t = {}
  for i = 1, 1000 do insert(t, i + round) end
  for i = 1, 5 do insert(t, 1, i) end
  local s = 0
  for i = 1, 10 do s = s + remove(t) end
  total = (total + #t + s) % 1000000007
end
print("tableinsert: " .. total)
