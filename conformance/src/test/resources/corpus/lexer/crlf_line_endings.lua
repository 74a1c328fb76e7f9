-- CRLF, LFCR and lone CR each end one line
local x = 1
local y = 2local s = [[a
b]]
print(#s)
error('line six')
