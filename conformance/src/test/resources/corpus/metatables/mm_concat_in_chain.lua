-- 'a .. b .. t' concatenates the plain strings first, then calls __concat once
local function show(v) return type(v) == "table" and "T" or v end
local t = setmetatable({}, {__concat = function(a, b) return "[" .. show(a) .. "|" .. show(b) .. "]" end})
print("a" .. "b" .. t)
print(t .. "c" .. "d")
