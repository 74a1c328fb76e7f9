-- kernel-only: the calling task is no kernel thread
local thread = require "thread"
local me = thread.current()
local task = me:task()
print(thread.shouldstop(), type(task.pid), task.cpu, task.pid == task.tgid)
me:stop()          -- "thread wasn't created by us" goes to the kernel log
print(pcall(thread.run, nil, "x"))
print(pcall(thread.run))
