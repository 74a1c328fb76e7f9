-- metamethods are fetched raw: a metatable's own __index does not provide them
local proto = {__add = function() return "found" end}
local mt = setmetatable({}, {__index = proto})
local t = setmetatable({}, mt)
print(pcall(function() return t + 1 end))
