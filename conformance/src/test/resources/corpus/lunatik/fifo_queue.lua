-- kernel-only: fifo push/pop, capacity rounded to a power of two, all-or-nothing push
local fifo = require "fifo"
local f = fifo.new(5)   -- 8 bytes
f:push("abc")
print(f:pop(2))
f:push("defgh")
print(pcall(f.push, f, "xy"))
print(f:pop(100))
print(f:pop(1))
f:push("12345678")
print(f:pop(8))
print(pcall(f.push, f, "123456789"))
print(pcall(f.push, f))
print(pcall(fifo.new, 0))
f:close()
print(pcall(f.pop, f, 1))
f:close()
