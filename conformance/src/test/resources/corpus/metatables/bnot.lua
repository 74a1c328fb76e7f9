local t = setmetatable({}, {__bnot = function(a) return "inverted" end})
print(~t)
