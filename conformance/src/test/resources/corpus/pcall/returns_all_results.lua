print(pcall(function(...) return ... end, 1, nil, 3))
print(select("#", pcall(function() end)))
