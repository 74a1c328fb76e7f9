-- require calls a preload loader with the module name and ":preload:", once
package.preload.mymod = function(...)
  print("loading", select("#", ...), ...)
  return {value = 42}
end
local m, data = require("mymod")
print(m.value, data)
local again, extra = require("mymod")
print(again == m, extra)
print(package.loaded.mymod == m)
