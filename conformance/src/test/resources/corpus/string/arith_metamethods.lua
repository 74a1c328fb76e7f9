-- numeric strings in arithmetic go through the string metatable
print("10" + 1, 1 + "10", "10" - "3", "6" * "7", "7" % "3", "7" // "2", -"5")
print(" 0x10 " + 0, "10" + "0x10")
print(pcall(function() return "abc" * 2 end))
print(pcall(function() return {} + "1" end))
print(pcall(function() return "1" & 1 end))
local t = setmetatable({}, {__add = function(a, b) return "t+" .. tostring(type(a)) end})
print("1" + t, t + "1")
-- the metamethod can be called directly
print(getmetatable("").__add("2", "3"), getmetatable("").__unm("4"))
