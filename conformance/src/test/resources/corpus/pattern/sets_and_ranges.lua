-- sets: ranges, negation, classes inside sets, ']' and '-' as literals
local s = "abc-XYZ]019^"
print((string.gsub(s, "[a-c]", "*")), (string.gsub(s, "[^a-c]", "*")))
print((string.gsub(s, "[%d%u]", "#")), (string.gsub(s, "[]]", "!")), (string.gsub(s, "[^]]", ".")))
print((string.gsub(s, "[a-]", "_")), (string.gsub(s, "[-a]", "_")), (string.gsub(s, "[%-]", "_")))
print((string.gsub(s, "[%^%]]", "@")), (string.gsub(s, "[%a-]", "")))
print((string.gsub("\200\205\210\215", "[\200-\210]", "x")))
print(string.find("z", "[z-a]"), string.find("-", "[z-a]"))
