-- utf8.char (up to 0x7FFFFFFF, six bytes) and utf8.charpattern
print(utf8.char(72, 105), utf8.char() == "", utf8.char(0) == "\0")
print(utf8.char(0x20AC) == "\u{20AC}", utf8.char(0x10FFFF) == "\u{10FFFF}", utf8.char(0x7FFFFFFF) == "\u{7FFFFFFF}")
print(#utf8.char(0x7F), #utf8.char(0x80), #utf8.char(0x7FF), #utf8.char(0x800), #utf8.char(0xFFFF),
      #utf8.char(0x10000), #utf8.char(0x1FFFFF), #utf8.char(0x200000), #utf8.char(0x3FFFFFF), #utf8.char(0x4000000))
print(utf8.char("65", 0x42) == "AB", #utf8.char(0xD800))
print(utf8.charpattern == "[\0-\x7F\xC2-\xFD][\x80-\xBF]*", #utf8.charpattern)
local function try(f) print(select(2, pcall(f))) end
try(function() return utf8.char(-1) end)
try(function() return utf8.char(0x80000000) end)
try(function() return utf8.char(65, math.mininteger) end)
try(function() return utf8.char("x") end)
try(function() return utf8.char(65, nil) end)
