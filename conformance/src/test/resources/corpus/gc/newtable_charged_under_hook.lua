-- kernel-only: collectgarbage("count") is an integer number of bytes
-- with a hook set, new tables are charged to the collector just as without one
-- (the memory figure, automatic collection and the memory limit all depend on it)
local function growth()
  collectgarbage()
  collectgarbage("stop")
  local before = collectgarbage("count")
  local keep = {}
  for i = 1, 50000 do keep[i] = {} end
  local grew = collectgarbage("count") - before
  collectgarbage("restart")
  return grew
end
local plain = growth()
debug.sethook(function() end, "", 1000000000)
local hooked = growth()
debug.sethook()
print(plain > 2000000, hooked > 2000000, hooked * 10 > plain * 9)
