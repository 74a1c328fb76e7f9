local t = setmetatable({}, {__add = function() error("cannot add", 0) end})
print(pcall(function() return t + 1 end))
