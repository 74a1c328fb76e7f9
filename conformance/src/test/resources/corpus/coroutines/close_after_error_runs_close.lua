-- pending to-be-closed variables of a coroutine that died by an error are closed by
-- coroutine.close, not by the error; wrap closes them before propagating the error
local function closer(name)
  return setmetatable({}, {__close = function(_, err) print("close", name, err) end})
end
local co = coroutine.create(function()
  local a <close> = closer("a")
  local b <close> = closer("b")
  error("e1", 0)
end)
print(coroutine.resume(co))
print("after resume", coroutine.status(co))
print(coroutine.close(co))
print(coroutine.close(co))

local w = coroutine.wrap(function()
  local c <close> = closer("c")
  error("e2", 0)
end)
print(pcall(w))

-- an error inside __close replaces the error wrap reports
local w2 = coroutine.wrap(function()
  local d <close> = setmetatable({}, {__close = function() error("in close", 0) end})
  error("e3", 0)
end)
print(pcall(w2))
