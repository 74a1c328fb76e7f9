-- the matcher's backtracking depth is bounded: "pattern too complex", never a crash
local s = string.rep("a", 1000)
print(pcall(string.match, s, string.rep("a?", 300)))
print(pcall(string.find, s, string.rep("(a)", 20)))
print(#string.match(s, ".-$"), #string.match(s, "a*"), #string.match(s, "(a+)"))
print(pcall(string.match, s, string.rep("a*", 250)))
print(string.match(string.rep("a", 199), string.rep("a", 199)) ~= nil)
print(#(string.gsub(s, "a", "bb")))
