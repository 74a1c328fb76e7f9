print(pcall(function() return {} <= 1 end))
print(pcall(function() return nil > 1 end))
print(pcall(function() return true < false end))
