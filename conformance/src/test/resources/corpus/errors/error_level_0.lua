print(pcall(error, "plain", 0))
print(pcall(function() error("no position", 0) end))
