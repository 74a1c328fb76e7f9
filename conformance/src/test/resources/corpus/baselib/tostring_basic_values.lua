print(tostring(nil), tostring(true), tostring(false), tostring(12), tostring("s"), tostring(-5))
