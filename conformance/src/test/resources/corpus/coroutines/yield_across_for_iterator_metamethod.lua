local t = setmetatable({}, {__call = function(self, s, i) if i < 3 then coroutine.yield("step " .. i) return i + 1 end end})
local co = coroutine.wrap(function() local n = 0; for i in t, nil, 0 do n = n + i end; return "sum " .. n end)
print(co()); print(co()); print(co()); print(co())
