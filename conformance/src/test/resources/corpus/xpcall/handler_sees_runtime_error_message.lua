local function h(m) return "H(" .. m .. ")" end
print(xpcall(function() local t = nil; return t.x end, h))
