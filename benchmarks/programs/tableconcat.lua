-- table.concat of lists of integers and short strings, with and without a separator.
local concat = table.concat
local list = {}
for i = 1, 1000 do
  if i % 2 == 0 then list[i] = i else list[i] = "s" .. i end
end
local total = 0
for round = 1, 3000 do
  list[1] = round
  local a = concat(list, ",")
  local b = concat(list, "", 1, 500)
  total = (total + #a + #b) % 1000000007
end
print("tableconcat: " .. total)
