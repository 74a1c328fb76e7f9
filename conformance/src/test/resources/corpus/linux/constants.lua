-- kernel-only: linux constant tables (Linux x86-64 values)
local linux = require "linux"
print(linux.errno.PERM, linux.errno.AGAIN, linux.errno.NOMEM, linux.errno.RANGE, linux.errno.HWPOISON)
print(linux.signal.HUP, linux.signal.KILL, linux.signal.TERM, linux.signal.SYS)
print(string.format("%o %o %o", linux.stat.IRWXUGO, linux.stat.IALLUGO, linux.stat.IRUGO))
print(linux.task.INTERRUPTIBLE, linux.task.UNINTERRUPTIBLE)
local n = 0 for _ in pairs(linux.signal) do n = n + 1 end
print(n, require "linux" == linux, linux.difftime(5, 7))
print(type(linux.time()), linux.time() > 1600000000 * 1000000000)
