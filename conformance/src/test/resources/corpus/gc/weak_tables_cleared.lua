-- weak keys, weak values and both: collectable entries whose weak part is unreachable vanish
-- after a full collection; strings, numbers and booleans are never removed
collectgarbage("incremental") -- the standalone lua starts in generational mode
local function count(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  return n
end

local keep = {}
local wk = setmetatable({}, {__mode = "k"})
wk[keep] = "kept"; wk[{}] = "dropped"; wk["str"] = {}; wk[1] = {}; wk[true] = {}
local wv = setmetatable({}, {__mode = "v"})
wv[1] = keep; wv[2] = {}; wv.s = "a string"; wv.n = 42; wv.f = function() end; wv.b = false
local wkv = setmetatable({}, {__mode = "kv"})
wkv[keep] = keep; wkv[{}] = keep; wkv.str = "s"
wkv.x = {}; wkv[2] = "two"
print("before", count(wk), count(wv), count(wkv))
collectgarbage()
print("after", count(wk), count(wv), count(wkv))
print(wk[keep], wk.str ~= nil, wk[1] ~= nil, wk[true] ~= nil)
print(wv[1] == keep, wv[2], wv.s, wv.n, wv.f, wv.b)
print(wkv[keep] == keep, wkv.x, wkv[2])
