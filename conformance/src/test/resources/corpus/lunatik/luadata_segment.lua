-- kernel-only: Luadata segments share their bytes with the object they are cut from
local data = require "data"
local d = data.new{1, 2, 3, 4, 5, 6}
local l = data.layout{b0 = {0, 8}, w = {0, 16}}

local s = d:segment(2, 3)
print(#s, tostring(s) == "\3\4\5")
s:layout(l)
print(s.b0, s.w)
s.b0 = 0x33
print(tostring(d):byte(3), d:getuint8(2))   -- the write is seen through the parent
d:setuint8(3, 0x44)
print(s.w == 0x3344, s:getuint8(1))          -- and the parent's through the segment

-- a segment of a segment, an open-ended one, the whole object
local ss = s:segment(1)
print(#ss, ss:getuint8(0), ss:getuint8(1))
print(#d:segment(), #d:segment(5), #d:segment(0, 0))

-- an offset past the end: nil, as is a negative offset or length
print(d:segment(6), d:segment(7), d:segment(-1), d:segment(2, -1))
-- a length past the end is cut there
print(#d:segment(0, 7), #s:segment(1, 3), tostring(d:segment(4, 255)) == "\5\6")

-- a segment has no layout of its own until one is applied
local t = s:segment(0, 2)
print(t.b0)
t:layout(l)
print(t.b0)

-- the bytes stay alive while any view does
local keep = data.new("abcdef"):segment(3)
collectgarbage()
collectgarbage()
print(tostring(keep), #keep)

-- Lunatik's methods on segments keep their bounds checks
print(pcall(s.getuint8, s, 3))
print(pcall(s.setuint16, s, 2, 0))
