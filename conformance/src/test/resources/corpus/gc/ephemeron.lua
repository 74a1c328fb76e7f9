-- a weak-key table is an ephemeron table: a value that refers to its own key does not keep
-- the key alive, but a live key keeps its value (and what the value refers to) alive
collectgarbage("incremental") -- the standalone lua starts in generational mode
local e = setmetatable({}, {__mode = "k"})
local live = {}
do
  local k1 = {}
  e[k1] = {k1}                 -- cycle through the value only
  local k2, k3 = {}, {}
  e[k2] = k3; e[k3] = k2       -- a chain of dead keys
  e[live] = {name = "live"}
  local k4 = {}
  e[live].next = k4; e[k4] = "reached through a live value"
end
collectgarbage()
local n = 0
for k, v in pairs(e) do n = n + 1 end
print(n, e[live].name, e[e[live].next])
