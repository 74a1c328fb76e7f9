-- * + - ? on single-character classes, greedy and lazy
print(string.match("aaab", "a*"), string.match("aaab", "a+"), string.match("aaab", "a-b"), string.match("aaab", "a-"))
print(string.match("<a><b>", "<.*>"), string.match("<a><b>", "<.->"))
print(string.match("color colour", "colou?r"), string.match("colour", "colou?r"))
print(string.find("abc", "x*"), string.find("abc", "x?"), string.find("", "a*"))
print(string.match("  x", "^%s*()"), string.match("123abc", "^%d+"))
print(string.match("a+b", "a%+b"), string.match("aaa", "^a-$"))
print(string.gsub("one  two   three", "%s+", " "))
