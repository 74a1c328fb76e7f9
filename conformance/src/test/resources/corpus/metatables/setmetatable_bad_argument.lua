setmetatable({}, 1)
