setmetatable(1, {})
