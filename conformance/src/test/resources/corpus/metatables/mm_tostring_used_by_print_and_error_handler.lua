local E = setmetatable({}, {__tostring = function() return "custom error" end})
print(select(2, pcall(error, E)) == E, tostring(E))
