-- a __pairs metamethod may yield; pairs returns exactly its first three results
local t = setmetatable({10, 20, 30}, {__pairs = function(t)
  local inc = coroutine.yield("paused")
  return function(t, i)
           if i > 1 then return i - inc, t[i - inc] else return nil end
         end, t, #t + 1, "extra"
end})
local res = {}
local co = coroutine.wrap(function()
  for i, p in pairs(t) do res[#res + 1] = p end
  return "done"
end)
print(co())
print(co(1))
print(table.concat(res, " "))
print(select("#", pairs(setmetatable({}, {__pairs = function() return 1 end}))))
print(select("#", pairs({})))
print(pcall(pairs))
print(pcall(pairs, setmetatable({}, {__pairs = function() error("in pairs", 0) end})))
local n, s = pairs(setmetatable({}, {__pairs = rawlen}))
print(n, s)
