-- a backslash before a line break puts a newline in the string
local s = "one\
two"
print(s, #s)
