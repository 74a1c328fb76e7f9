-- a vararg function whose body starts on its header line still gets a line event for it,
-- also when a call hook turns the line hook on
local function f(...) local x = 1 end
local function g(a, ...) local y = a end
debug.sethook(function(e, l) print(e, l) end, "lc")
f()
g(1, 2)
debug.sethook()

local seen
debug.sethook(function(e)
  debug.sethook(function(e, l)
    seen = e .. " " .. l .. " " .. debug.getinfo(2, "l").currentline
    debug.sethook()
  end, "l")
end, "c")
f(1, 2)
print(seen)
