setmetatable({})
