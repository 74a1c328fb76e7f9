-- an error in a finalizer does not propagate (it becomes a warning); the other finalizers run
collectgarbage("incremental") -- the standalone lua starts in generational mode
local ran = {}
setmetatable({}, {__gc = function() ran[#ran + 1] = "first" end})
setmetatable({}, {__gc = function() error("boom") end})
setmetatable({}, {__gc = function() ran[#ran + 1] = "third" end})
print(pcall(collectgarbage))
print(#ran, ran[1], ran[2])
-- a finalizer that is not a function is an error too, silently skipped
setmetatable({}, {__gc = true})
print(collectgarbage())
-- inside a finalizer, collectgarbage refuses to run (Lua 5.4.7 returns fail)
local inner
setmetatable({}, {__gc = function() inner = {collectgarbage(), collectgarbage("count")} end})
collectgarbage()
print(inner[1], inner[2])
