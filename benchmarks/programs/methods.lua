-- Method calls on objects: SELF, metatables with __index, field reads and writes.
local Point = {}
Point.__index = Point

function Point.new(x, y)
  return setmetatable({x = x, y = y}, Point)
end

function Point:move(dx, dy)
  self.x = self.x + dx
  self.y = self.y + dy
  return self
end

function Point:norm1()
  local x, y = self.x, self.y
  if x < 0 then x = -x end
  if y < 0 then y = -y end
  return x + y
end

local Counter = setmetatable({}, {__index = Point})
Counter.__index = Counter

function Counter.new()
  local c = Point.new(0, 0)
  c.hits = 0
  return setmetatable(c, Counter)
end

function Counter:hit(n)
  self.hits = self.hits + n
  return self:move(n % 3 - 1, n % 5 - 2)
end

local objs = {}
for i = 1, 100 do objs[i] = (i % 2 == 0) and Counter.new() or Point.new(i, -i) end

local sum = 0
for round = 1, 50000 do
  for i = 1, 100, 2 do
    local p = objs[i]
    p:move(1, -1)
    local c = objs[i + 1]
    c:hit(round + i)
  end
  sum = (sum + objs[(round % 100) + 1]:norm1()) % 1000000007
end
local hits = 0
for i = 2, 100, 2 do hits = hits + objs[i].hits end
print("methods: " .. sum .. " " .. hits .. " " .. objs[1]:norm1())
