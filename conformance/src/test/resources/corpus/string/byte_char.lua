-- string.byte ranges and string.char limits
print(string.byte("ABC"), string.byte("ABC", 2), string.byte("ABC", -1), string.byte("ABC", 1, -1))
print(string.byte("ABC", 10), string.byte("ABC", 3, 2), string.byte(""), select("#", string.byte("")))
print(string.byte("\0\255", 1, 2), string.byte("ABC", -10, 10))
print(string.byte(123, 1, -1))
print(string.char(), string.char(72, 101, 108, 108, 111), #string.char(0, 255))
print(string.char("65", 66))
print(pcall(string.char, 256))
print(pcall(string.char, 65, -1))
print(pcall(string.char, 65, "x"))
print(pcall(string.byte, "abc", {}))
-- one position, the common form: in range, from the end, zero, out of range either way, in a loop
print(select("#", string.byte("ABC", 0)), select("#", string.byte("ABC", -3)), string.byte("ABC", -3))
print(select("#", string.byte("ABC", -4)), select("#", string.byte("ABC", math.mininteger)), select("#", string.byte("ABC", math.maxinteger)))
local s, acc = "\0\1\127\128\255", {}
for i = -6, 6 do acc[#acc + 1] = tostring((string.byte(s, i))) end
print(table.concat(acc, " "), ("xyz"):byte(2), string.byte("", 1), string.byte(12, 2), string.byte("97", "1"))
