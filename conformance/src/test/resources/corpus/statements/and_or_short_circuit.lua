local calls = 0
local function f(v) calls = calls + 1; return v end
print(f(nil) and f(1), f(false) or f("d"), f(1) and f(2), f(1) or f(2), calls)
print(nil or false, false or nil, 0 and "zero is true", "" and "empty is true")
