local t = setmetatable({}, {__tostring = function() return "custom!" end})
print(t, tostring(t))
