local k = {}
local t = {[true] = "T", [false] = "F", [k] = "table key"}
print(t[true], t[false], t[k], t[{}])
