-- package.loaded is the table require consults; the standard libraries are in it
print(package.loaded._G == _G, package.loaded.string == string, package.loaded.coroutine == coroutine)
print(require("_G") == _G, require("coroutine") == coroutine, require("package") == package)
package.loaded.fake = "preset"
print(require("fake"))
package.loaded.fake = false
package.preload.fake = function() return "reloaded" end
print(require("fake"))
print(require(1 == 1 and "fake" or "x"))
package.loaded["12"] = "by number"  -- the name is converted to a string
print(require(12))
