-- kernel-only: a module requiring itself fails cleanly (stock 5.4: "C stack overflow"; kernel: loops)
package.preload.me = function() return require("me") end
print(pcall(require, "me"))
print(package.loaded.me)
-- a cycle through several modules
package.preload.a = function() return require("b") end
package.preload.b = function() return require("a") end
print(pcall(require, "a"))
-- the failure is not remembered: a fixed loader works
package.preload.me = function() return "fine" end
print(require("me"))
-- a module that publishes itself early may be required back
package.preload.p = function(name)
  local M = {}
  package.loaded[name] = M
  M.q = require("q")
  return M
end
package.preload.q = function() return {back = require("p")} end
local p = require("p")
print(p.q.back == p)
