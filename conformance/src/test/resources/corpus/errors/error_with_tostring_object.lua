local obj = setmetatable({}, {__tostring = function() return "E!" end})
local ok, e = pcall(error, obj)
print(ok, tostring(e), e == obj)
