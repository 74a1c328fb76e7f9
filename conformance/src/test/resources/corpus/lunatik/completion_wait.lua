-- kernel-only: completion counts completes; wait with a timeout
local completion = require "completion"
local c = completion.new()
print(c:wait(1))
c:complete(); c:complete()
print(c:wait(1))
print(c:wait())
print(c:wait(0))
print(pcall(c.wait, c, "x"))
print(pcall(c.complete, {}))
