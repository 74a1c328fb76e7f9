-- Lua values held only by functions the libraries build (a coroutine.wrap function, the hook
-- function set by debug.sethook) stay alive across full collections; library functions
-- themselves (a gmatch iterator) are collectable like any function.
collectgarbage("incremental") -- the standalone lua starts in generational mode
local weak = setmetatable({}, {__mode = "v"})
local gen
do
  local payload = {"payload"}
  weak.payload = payload
  gen = coroutine.wrap(function() coroutine.yield(payload[1]) end)
end
do
  local hook = function() end
  weak.hook = hook
  debug.sethook(hook, "", 1000000)
end
local function fill()
  local a, b, c, d, e, f, g, h = 1, 2, 3, 4, 5, 6, 7, 8
  weak.iter = string.gmatch("a b c", "%a")
  weak.codes = utf8.codes("abc")  -- a plain function value: not collectable state
end
fill()
local kept = string.gmatch("x y", "%a")
weak.kept = kept
collectgarbage(); collectgarbage()
print(weak.payload ~= nil, weak.hook ~= nil, weak.iter == nil, weak.kept ~= nil, weak.codes ~= nil)
print(gen(), kept(), kept(), kept())
debug.sethook()
collectgarbage(); collectgarbage()
print(weak.hook == nil, debug.gethook())
