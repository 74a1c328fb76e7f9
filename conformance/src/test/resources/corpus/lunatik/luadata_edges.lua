-- kernel-only: Luadata at its edges: a buffer made from a string is a copy, and offsets near
-- the integer limits are out of bounds, never an overflow
local data = require "data"
local src = "abcdef"
local d = data.new(src)
d:layout{s = {0, 3, "s"}, b = {0, 8}}
d.s = "XYZ"
d.b = 0x78
print(src, "abcdef", tostring(d))

local m = math.maxinteger
d:layout{far = {m, 8}, wide = {0, m}, farstr = {m, 4, "s"}, longstr = {0, m, "s"}, edge = {40, 8}, past = {41, 8}}
print(d.far, d.wide, d.farstr, d.longstr, d.edge, d.past)
d.far, d.wide, d.farstr, d.longstr = 1, 1, "x", "y" -- out of bounds: nothing is written
print(tostring(d))
print(d:segment(m), d:segment(0, m) and #d:segment(0, m), d:segment(math.mininteger, 1))
print(pcall(d.getbyte, d, m))
print(pcall(d.getuint16, d, m - 1))
print(pcall(d.getstring, d, m, 2))
print(pcall(d.setstring, d, m, "zz"))
print(pcall(data.new, m))

-- numbers written to a string field are written as their text; other values are refused
d:layout{s = {0, 4, "s"}, n = {0, 8}}
d.s = 1234
print(d.s, pcall(function() d.s = {} end))
print(pcall(function() d.n = "x" end))
d.n = "65"
print(d.s)
