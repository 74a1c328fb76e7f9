-- back-references %1-%9 match an earlier capture's text
print(string.match("hello lolo", "(l+)o %1"), string.match('say "hi" or \'bye\'', "([\"'])(.-)%1"))
print(string.find("abcabc", "(abc)%1"), string.match("xyzxyz", "^(x)(y)(z)%1%2%3$"))
print(string.match("alo alx 123 b\0o b\0o", "(..*) %1"))
print(string.match("==========", "^([=]*)=%1$"), string.match("=======", "^(=*)=%1$"))
print(string.match("ab", "()%1"))
