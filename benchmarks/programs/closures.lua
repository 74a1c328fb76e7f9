-- Closures: creation (CLOSURE), upvalue reads and writes (GETUPVAL/SETUPVAL),
-- calls through closures kept in a table.
local function counter(start, step)
  local n = start
  return function()
    n = n + step
    return n
  end
end

local function compose(f, g)
  return function(x) return f(g(x)) end
end

local total = 0
for round = 1, 20000 do
  local fs = {}
  for i = 1, 50 do fs[i] = counter(i, round % 7 + 1) end
  for _ = 1, 10 do
    for i = 1, 50 do total = total + fs[i]() end
  end
  local inc = function(x) return x + round end
  local dbl = function(x) return x * 2 end
  local h = compose(inc, dbl)
  total = (total + h(round)) % 1000000007
end
print("closures: " .. total)
