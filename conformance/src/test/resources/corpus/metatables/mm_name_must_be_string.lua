-- a non-string __name is ignored
local t = setmetatable({}, {__name = 42})
print(select(2, pcall(function() return t < t end)))
