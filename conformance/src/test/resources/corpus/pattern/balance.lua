-- %b balanced matches
print(string.gsub("f(a(b)c) g(d) h(", "%b()", "[]"))
print(string.match("{a{b}c}d}", "%b{}"), string.match("xx", "%bxx"), string.match("((", "%b()"))
print(string.find("if a then b end end", "%bie"))
print(string.match("[[]]", "%b[]"), string.match("abc", "%b\0c"))
