-- what package.loaded[name] becomes for each kind of loader result
local calls = 0
package.preload.none = function() calls = calls + 1 end
package.preload.self = function(name) package.loaded[name] = "set by loader" end
package.preload.both = function(name) package.loaded[name] = "ignored" return "returned" end
package.preload.falsy = function() calls = calls + 1 return false end
print(require("none"), package.loaded.none, calls)
print(require("none"), calls)
print(require("self"))
print(require("both"))
print(require("falsy"), package.loaded.falsy, calls)
print(require("falsy"), calls)  -- false is not "loaded": the loader runs again
