-- argument and configuration errors of require
print(pcall(require))
print(pcall(require, {}))
print(select("#", pcall(require, 12)))
local saved = package.searchers
package.searchers = nil
print(pcall(require, "x"))
package.searchers = saved
local path = package.path
package.path = nil
print(pcall(require, "x"))
package.path = {}
print(pcall(require, "x"))
package.path = path
require(nil)
