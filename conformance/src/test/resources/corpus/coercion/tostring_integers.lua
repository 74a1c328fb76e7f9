print(tostring(42), tostring(-0), tostring(9223372036854775807), tostring(-9223372036854775807 - 1))
