-- finalizers and weak tables work without explicit collections in a long-running loop
collectgarbage("incremental") -- the standalone lua starts in generational mode
local finished = false
setmetatable({}, {__gc = function() finished = true end})
local weak = setmetatable({}, {__mode = "v"})
weak[1] = {}
local n = 0
repeat
  local garbage = {n}
  n = n + 1
until finished and weak[1] == nil
print(finished, weak[1], n > 0)
