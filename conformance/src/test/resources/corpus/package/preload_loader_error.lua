-- an error inside a loader propagates unchanged, and the module stays unloaded
local fail = true
package.preload.flaky = function()
  if fail then error("boom") end
  return "ok"
end
print(pcall(require, "flaky"))
print(package.loaded.flaky)
fail = false
print(require("flaky"))
package.preload.tab = function() error({code = 7}) end
local ok, e = pcall(require, "tab")
print(ok, type(e), e.code)
