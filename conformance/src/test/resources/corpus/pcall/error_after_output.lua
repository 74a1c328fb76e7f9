print("before")
local ok = pcall(function() print("inside"); error("x") ; print("never") end)
print("after", ok)
