-- Objects and queues: tasks with a two-level class chain (per-object metatables), packets in
-- linked lists walked with `~= nil`, and methods that hand control on with tail calls.
local Node = {}
function Node:tail()
  local n = self
  while n.next ~= nil do n = n.next end
  return n
end

local Packet = setmetatable({}, {__index = Node})
function Packet.new(id, kind) return setmetatable({id = id, kind = kind, next = nil}, {__index = Packet}) end

local Task = setmetatable({}, {__index = Node})
function Task.new(id, prio, step) return setmetatable({id = id, prio = prio, queue = nil, done = 0, step = step}, {__index = Task}) end
function Task:push(p)
  p.next = nil
  if self.queue == nil then self.queue = p else self.queue:tail().next = p end
  return self
end
function Task:pop()
  local p = self.queue
  if p ~= nil then self.queue = p.next end
  return p
end
function Task:run(sched) return self.step(self, sched, self:pop()) end

local Sched = {}
Sched.__index = Sched
function Sched.new() return setmetatable({tasks = {}, current = nil, count = 0}, Sched) end
function Sched:add(t) self.tasks[#self.tasks + 1] = t return t end
function Sched:send(p, to)
  self.count = self.count + 1
  return self.tasks[to]:push(p)
end
function Sched:wait(t) t.done = t.done + 1 return t end
function Sched:forward(t, p)
  if p == nil then return self:wait(t) end
  p.kind = (p.kind * 7 + t.id) % 1000
  return self:send(p, p.kind % #self.tasks + 1)
end

local function worker(t, sched, p) return sched:forward(t, p) end
local function sink(t, sched, p)
  if p ~= nil then t.done = t.done + p.kind return t end
  return sched:wait(t)
end

local total = 0
for round = 1, 500 do
  local s = Sched.new()
  for i = 1, 6 do s:add(Task.new(i, i % 3, i == 6 and sink or worker)) end
  for i = 1, 30 do s:send(Packet.new(i, i * 13 % 1000), i % 6 + 1) end
  for step = 1, 4000 do
    local t = s.tasks[step % 6 + 1]
    t:run(s)
  end
  for _, t in ipairs(s.tasks) do total = (total + t.done * t.id) % 1000000007 end
  total = (total + s.count) % 1000000007
end
print("tasks: " .. total)
