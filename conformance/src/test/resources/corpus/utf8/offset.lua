-- utf8.offset: forwards, backwards, n == 0, out of range
local s = "a\u{E9}\u{20AC}b"
print(utf8.offset(s, 1), utf8.offset(s, 2), utf8.offset(s, 3), utf8.offset(s, 4), utf8.offset(s, 5), utf8.offset(s, 6))
print(utf8.offset(s, -1), utf8.offset(s, -2), utf8.offset(s, -3), utf8.offset(s, -4), utf8.offset(s, -5))
print(utf8.offset(s, 0, 3), utf8.offset(s, 0, 5), utf8.offset(s, 0, 1), utf8.offset(s, 0, #s + 1))
print(utf8.offset(s, 2, 2), utf8.offset(s, -1, 4), utf8.offset("", 1), utf8.offset("", -1), utf8.offset("", 0))
print(utf8.offset("abc", 1, -1), utf8.offset("abc", 10), utf8.offset("abc", -10))
local function try(f) print(select(2, pcall(f))) end
try(function() return utf8.offset(s, 1, 3) end)
try(function() return utf8.offset(s, -1, 5) end)
try(function() return utf8.offset("abc", 1, 5) end)
try(function() return utf8.offset("abc", 1, 0) end)
try(function() return utf8.offset("abc") end)
