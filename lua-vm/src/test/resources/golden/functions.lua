local counter = 0
local function inc(n)
  counter = counter + n
  return counter
end
function obj.method(self, x) return self.v + x end
function obj:m2(...)
  local a, b = ...
  return self:method(a), select('#', ...)
end
local t = {1, 2, 3, x = inc(1), [counter] = "y", ...}
t.x, t[1] = t[1], t.x
return inc(t.x)
