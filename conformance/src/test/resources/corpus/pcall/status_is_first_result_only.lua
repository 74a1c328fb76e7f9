local r = {pcall(function() return nil, nil end)}
print(#r >= 1, r[1], r[2], r[3], select("#", pcall(function() return nil, nil end)))
