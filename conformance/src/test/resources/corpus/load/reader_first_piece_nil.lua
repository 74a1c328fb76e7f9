local f = load(function() return nil end)
print(type(f), select("#", f()))
