-- __name replaces the type name in tostring; compare lengths to avoid printing the address
local plain, named = {}, setmetatable({}, {__name = "Widget"})
print(#tostring(named) - #tostring(plain) == #"Widget" - #"table")
