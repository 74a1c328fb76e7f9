-- the single-character escapes of a short string
local s = "a\tb\\c\"d\'e"
print(s, #s)
print(#"\a\b\f\n\r\v", #"\0")
print('it\'s', "say \"hi\"")
