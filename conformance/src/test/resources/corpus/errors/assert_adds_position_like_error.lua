-- assert calls error with level 1: a string message gets the caller's position
local ok, e = pcall(function() assert(false, "where?") end)
print(e)
print(select(2, pcall(function() assert(nil) end)))
