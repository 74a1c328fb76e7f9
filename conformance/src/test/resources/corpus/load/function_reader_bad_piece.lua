print(pcall(load, function() return {} end))
