-- an uncaught runtime error inside a stripped function has no position information
local f = load(string.dump(function() local t = nil; return t.x end, true))
f()
