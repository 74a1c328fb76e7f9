-- finalizers run once, in reverse order of marking; a __gc field added to the metatable
-- after setmetatable does not mark the object
collectgarbage("incremental") -- the standalone lua starts in generational mode
collectgarbage(); collectgarbage("stop") -- no cycle in progress: the order is deterministic
local log = {}
local function add(s) log[#log + 1] = s end
for i = 1, 4 do
  setmetatable({}, {__gc = function() add("gc" .. i) end})
end
local mt = {}
setmetatable({}, mt)
mt.__gc = function() add("never") end
collectgarbage()
print(#log, log[1], log[2], log[3], log[4])
collectgarbage()
print(#log)
-- the object is passed to its finalizer and can be resurrected
local saved
setmetatable({name = "phoenix"}, {__gc = function(o) saved = o end})
collectgarbage()
print(saved and saved.name)
saved = nil
collectgarbage()                -- already finalized: not again
print(saved)
-- setting the metatable again marks it again
local o = setmetatable({}, {__gc = function() add("again") end})
setmetatable(o, getmetatable(o))
o = nil
collectgarbage()
print(log[#log], #log)
