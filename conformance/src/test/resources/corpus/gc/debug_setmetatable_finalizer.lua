-- debug.setmetatable marks a table for finalization exactly as setmetatable does: once, when
-- its metatable has __gc at that moment
collectgarbage("incremental") -- the standalone lua starts in generational mode
local log = {}
local mt = {__gc = function(o) log[#log + 1] = o.name end}
local function make(name)
  local o = {name = name}
  debug.setmetatable(o, mt)
  return o
end
local function drop()
  make("a")
  KEEP = make("b")
end
drop()
collectgarbage()
print(#log, log[1])
KEEP = nil
collectgarbage()
print(#log, log[2])
local function twice()
  local c = make("c")
  debug.setmetatable(c, mt) -- already marked: still one call
  setmetatable(c, mt)
end
twice()
collectgarbage(); collectgarbage()
print(#log, log[3])
local late = {}
local function nogc()
  debug.setmetatable({name = "d"}, late)
end
nogc()
late.__gc = mt.__gc -- added afterwards: not marked
collectgarbage(); collectgarbage()
print(#log)
