-- searchers are called in order with the name; the first function wins; data goes to the loader
local s = package.searchers
print(type(s), #s >= 2, type(s[1]), type(s[2]))
local log = {}
local function mine(name)
  log[#log + 1] = name
  if name == "virtual" then
    return function(n, data) return {n = n, data = data} end, "my data"
  end
  return "\n\tno virtual module '" .. name .. "'"
end
for i = #s, 1, -1 do s[i + 1] = s[i] end
s[1] = mine
local m, data = require("virtual")
print(m.n, m.data, data, #log)
print(s[2]("nothing_here"))
package.preload.pre = function() return "pre" end
local loader, data = s[2]("pre")
print(type(loader), loader(), data)
