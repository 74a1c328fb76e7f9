print(pcall(load, function() error("reader failed", 0) end))
