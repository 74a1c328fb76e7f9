-- table.concat: separators, ranges, integers converted, empty ranges
print(table.concat({1, 2, "x", 4}, ", "))
print(table.concat({"a", "b", "c"}))
print(table.concat({1, 2, 3}, "", 2, 3))
print("[" .. table.concat({}, "x") .. "]")
print("[" .. table.concat({1, 2}, "-", 3, 2) .. "]")
print(table.concat({math.mininteger, math.maxinteger, -5, 0}, " "))
print(table.concat({"a", "b"}, 7))
print(table.concat({[-1] = "m", [0] = "z", "a"}, ".", -1, 1))
print(table.concat({"\0a", "b\0"}, "\0") == "\0a\0b\0")
local t = {} for i = 1, 100 do t[i] = i end
print(#table.concat(t, ","), table.concat(t, ",", 98))
print(table.concat({"x"}, ", ", "1", "1"))
