-- strings share a metatable whose __index is the string table
local mt = getmetatable("")
print(type(mt), mt.__index == string, getmetatable("abc") == mt)
print(("x"):rep(3), ("%d-%s"):format(5, "y"), ("Hello"):upper(), (""):len())
local s = "abc"
print(s:byte(1, -1))
print(#s, s:sub(2), s:find("c"))
print(rawget(mt, "__concat"))
print(type(mt.__add), type(mt.__sub), type(mt.__mul), type(mt.__mod), type(mt.__idiv), type(mt.__unm))
print(pcall(function() return ("x"):nosuch() end))
