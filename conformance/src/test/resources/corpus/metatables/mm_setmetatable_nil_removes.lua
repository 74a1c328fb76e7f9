local t = setmetatable({}, {__index = function() return "meta" end})
print(t.x)
setmetatable(t, nil)
print(t.x, getmetatable(t))
