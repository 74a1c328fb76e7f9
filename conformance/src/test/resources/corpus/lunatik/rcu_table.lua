-- kernel-only: rcu tables: objects only, string keys (numbers converted), clone on read
local rcu = require "rcu"
local data = require "data"
local t = rcu.table()
local d = data.new(2)
t.a = d
t[7] = d
local a = t.a
print(a ~= nil, rawequal(a, d), t["7"] ~= nil, t.b)
a:setbyte(0, 9)
print(d:getbyte(0))          -- the clone and the original share the object
t.a = nil
print(t.a, t["7"] ~= nil)
local n = 0
rcu.map(t, function(k, v) n = n + 1; print(k, v:getbyte(0)) end)
print(n)
print(pcall(function() t.x = 1 end))
print(pcall(function() t.x = {} end))
print(pcall(function() t[string.rep("k", 256)] = d end))
print(pcall(function() return t[true] end))
print(pcall(rcu.map, t, function() error("stop") end))
print(pcall(rcu.table, 0))
print(pcall(t.map, t, print))
