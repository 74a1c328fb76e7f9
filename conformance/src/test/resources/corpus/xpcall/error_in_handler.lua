-- an error inside the message handler ends in a fixed message
local ok, e = xpcall(function() error("first") end, function(m) error("in handler") end)
print(ok, e)
print(xpcall(function() error("first") end, function(m) local x = nil; return x.y end))
