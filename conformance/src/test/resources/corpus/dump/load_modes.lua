-- load modes: "b", "t", "bt" (the default)
local bin = string.dump(function() return "ok" end)
print(load(bin, "c", "t"))
print(load(bin, "=c", "t"))
print(load("return 1", "c", "b"))
print(load("return 1", "c", "b", {}))
print(load(bin, "c", "b")())
print(load(bin, "c", "bt")())
print(load(bin)())
print(load("return 'text'", "c", "t")())
print(load("return 'text'", "c", "bt")())
-- a reader function delivering the chunk in pieces
local parts, i = {bin}, 0
print(load(function() i = i + 1 return parts[i] end, "=pieces", "b")())
print(load(function() return nil end, "=empty", "b"))
-- the mode string is only searched for 'b' and 't'
print(load(bin, "c", "xyz"))
print(load("return 1", "c", ""))
