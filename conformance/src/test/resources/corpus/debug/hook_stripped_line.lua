-- a stripped function has no line information: the line hook fires once on entry with a nil
-- line (and again only on backward jumps); hooks always get (event, line)
local function foo()
  local a = 1
  local b = 2
  for i = 1, 2 do a = a + i end
  return b + a
end
local s = load(string.dump(foo, true))
local events = {}
debug.sethook(function(e, l) events[#events + 1] = e .. ":" .. tostring(l) end, "l")
local r = s(); debug.sethook(nil)
print(r, table.concat(events, " "))
debug.sethook(function(...) events = select("#", ...) end, "c")
s(); debug.sethook(nil)
print(events)
