local t = setmetatable({}, {__metatable = {"fake"}})
print(getmetatable(t)[1])
