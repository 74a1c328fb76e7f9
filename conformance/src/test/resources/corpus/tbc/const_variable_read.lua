local limit <const> = 10
local name <const> = "n"
print(limit * 2, name .. "!")
