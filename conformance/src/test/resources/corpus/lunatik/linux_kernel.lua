-- kernel-only: linux facilities over the simulated kernel
local linux = require "linux"
print(linux.schedule(1), linux.schedule(0))
print(pcall(linux.schedule, 1, 99))
print(linux.tracing(), linux.tracing(true), linux.tracing(), linux.tracing(false))
print(linux.kill(987654321))
print(type(linux.lookup("printk")), linux.lookup("printk") ~= nil, linux.lookup("no_such_symbol") ~= nil)
print(linux.ifindex("lo"))
print(pcall(linux.ifindex, "nope0"))
print(pcall(linux.kill))
