local t = {}
print(setmetatable(t, nil) == t, getmetatable(setmetatable(t, {})) ~= nil)
