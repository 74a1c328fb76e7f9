-- %q: strings as Lua 5.4 quotes them, integers, nil and booleans
print(string.format("%q", 'a "quoted" \\ string\nwith newline'))
print(string.format("%q", "\0\1\0023\r\t\127\255x"))
print(string.format("%q", "\0009"), string.format("%q", "\0a"), string.format("%q", ""))
print(string.format("%q %q %q %q", 1, -42, 0, 9223372036854775807))
print(string.format("%q", math.mininteger or -9223372036854775807 - 1))
print(string.format("%q %q %q", nil, true, false))
local s = "\0\1\0023\5\0009\n\\\"\255"
print(load("return " .. string.format("%q", s))() == s)
print(pcall(string.format, "%q", {}))
print(pcall(string.format, "%q", print))
print(pcall(string.format, "%10q", "x"))
