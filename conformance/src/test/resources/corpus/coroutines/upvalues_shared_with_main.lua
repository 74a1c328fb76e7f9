local counter = 0
local co = coroutine.wrap(function() while true do counter = counter + 1; coroutine.yield() end end)
co(); co(); co()
print(counter)
