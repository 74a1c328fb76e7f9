-- kernel-only
local linux = require "linux"
linux.random(3, 2)
