-- String building with .. and #, plus string comparisons; integers converted to strings.
local words = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"}
local total, longest, smallest = 0, 0, nil
for round = 1, 30000 do
  local s = ""
  for i = 1, 100 do
    s = s .. words[(i + round) % 8 + 1] .. i
  end
  local parts = {}
  for i = 1, 40 do parts[i] = words[i % 8 + 1] .. "-" .. (round * i) end
  local t = parts[1]
  for i = 2, 40 do
    if parts[i] < t then t = parts[i] end
  end
  if smallest == nil or t < smallest then smallest = t end
  if #s > longest then longest = #s end
  total = total + #s + #t
end
print("strings: " .. total .. " " .. longest .. " " .. smallest)
