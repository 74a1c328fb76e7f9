-- kernel-only: '^' does not parse, so __pow can never be reached
local t = setmetatable({}, {__pow = function() return "pow" end})
print(load("return ...^2"))
