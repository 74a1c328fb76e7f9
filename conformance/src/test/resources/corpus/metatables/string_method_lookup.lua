-- s:method() looks the method up through the strings' metatable, whatever its __index is
print(("abc"):upper(), ("%d-%d"):format(1, 2), ("x"):rep(3, ","))
local mt = getmetatable("")
local saved = mt.__index
mt.__index = function(s, k) return function(self, ...) return k .. "(" .. self .. ")", select("#", ...) end end
print(("abc"):whatever(1, 2))
mt.__index = setmetatable({}, {__index = saved})
print(("abc"):len(), ("abc"):sub(2))
mt.__index = {only = function(self) return "only " .. self end}
print(("z"):only(), pcall(function() return ("z"):upper() end))
mt.__index = saved
print(("back"):upper())
