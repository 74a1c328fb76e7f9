local t = setmetatable({}, {})
t()
