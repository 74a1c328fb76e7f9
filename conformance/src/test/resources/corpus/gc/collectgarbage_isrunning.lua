-- stop and restart switch the collector; they return 0; step still works while stopped
collectgarbage("incremental") -- the standalone lua starts in generational mode
print(collectgarbage("isrunning"))
print(collectgarbage("stop"), collectgarbage("isrunning"))
local done = false
setmetatable({}, {__gc = function() done = true end})
for i = 1, 10000 do local t = {} end
print(done, collectgarbage("isrunning"))
print(collectgarbage("step", 1000000), collectgarbage("isrunning"))
print(collectgarbage("restart"), collectgarbage("isrunning"))
print(collectgarbage("setpause", 150), collectgarbage("setpause", 200))
print(collectgarbage("setstepmul", 300), collectgarbage("setstepmul", 100))
