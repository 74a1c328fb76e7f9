print(select("#", pcall(function() end)), (pcall(function() end)))
