-- \z skips the following white space, line breaks included
local s = "abc\z
           def\z   ghi"
print(s)
