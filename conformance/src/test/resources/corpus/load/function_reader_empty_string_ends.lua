local parts = {"return 'a'", "", "..'b'"}
local i = 0
local f, e = load(function() i = i + 1; return parts[i] end)
print(f())
