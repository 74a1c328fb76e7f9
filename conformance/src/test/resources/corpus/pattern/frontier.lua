-- %f frontier patterns, including at the subject's ends
print(string.gsub("THE (quick) fox", "%f[%a]%a+", "W"))
print(string.gsub("hello world", "%f[%w]%w+%f[%W]", "<%0>"))
print(string.find("abc", "%f[%z]"), string.find("abc", "%f[a]"), string.find("abc", "%f[^a]"))
print(string.gsub("aaa bbb", "%f[^%s]", "|"))
print(string.find("a\0b", "%f[%z]"))
