-- searches whose pattern starts with a plain character: the matcher may skip positions that
-- hold another byte, but every result must be the one of a match tried at each position
print(string.find("host1.zone2.example.org", "github.com"))
print(string.find("xgithubxcom github.com", "github.com"))
print(string.find("aaab", "a+b"))
print(string.find("b", "a*b"), string.find("b", "a?b"), string.find("b", "a-b"))
print(string.find("xxyy", "y+", 2), string.find("xxyy", "y", 5), string.find("xxyy", "y$"))
print(string.find("ab\0cd\0", "\0(.)"), string.find("\xff\xfe\xff", "\xff(.)", 2))
print(string.match("key=value; k2=v2", "k(%d)=(%w+)"), string.match("abc", "c()"))
print(string.find("abc", "d"), string.find("", "a"), string.find("abc", "c", 10))
print(string.find("a.c", "b[") == nil) -- no "b": the malformed set is never reached, as in C Lua
print(pcall(string.find, "a.b", "a["))
local t = {}
for k, v in string.gmatch("a=1, b=22, ab=333", "b=(%d+)") do t[#t + 1] = k end
print(table.concat(t, " "))
local ws = {}
for w in string.gmatch("one two  three", "t%a*") do ws[#ws + 1] = w end
print(table.concat(ws, ";"))
print(select("#", string.gmatch("zzz", "y")()))
