-- Table appends (t[#t + 1] = v), string-key field access and generic for (ipairs/pairs).
local total = 0
for round = 1, 3000 do
  local list = {}
  for i = 1, 1000 do list[#list + 1] = {id = i, score = (i * round) % 97, name = "n"} end
  local rec = {count = 0, sum = 0, best = 0}
  for _, item in ipairs(list) do
    rec.count = rec.count + 1
    rec.sum = rec.sum + item.score
    if item.score > rec.best then rec.best = item.score end
  end
  local keys = 0
  for k, v in pairs(list[round % 1000 + 1]) do
    keys = keys + 1
  end
  total = (total + rec.sum + rec.count + rec.best + keys) % 1000000007
end
print("tables: " .. total)
