local t = setmetatable({}, {__tostring = function() return "<T>" end})
print(t, "and", t)
