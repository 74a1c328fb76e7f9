-- closing methods run by a failing pcall are ordinary calls: they may yield, and an error in one
-- replaces the error and the remaining variables are still closed
local function closer(name, raise)
  return setmetatable({}, {__close = function(_, err)
    local got = coroutine.yield(name .. " sees " .. tostring(err))
    if raise then error(raise .. "+" .. tostring(got), 0) end
  end})
end
local co = coroutine.wrap(function()
  local ok, e = pcall(function()
    local a <close> = closer("a")
    local b <close> = closer("b", "in b")
    local c <close> = closer("c")
    error("body", 0)
  end)
  return "pcall", ok, e
end)
print(co())
print(co(1))
print(co(2))
print(co(3))
-- xpcall's handler sees the closing method's error as well
local log = {}
local co2 = coroutine.wrap(function()
  return xpcall(function()
    local a <close> = setmetatable({}, {__close = function(_, err)
      coroutine.yield("closing a")
      error("from a", 0)
    end})
    error("first", 0)
  end, function(m) log[#log + 1] = m return "handled " .. m end)
end)
print(co2())
print(co2())
print(table.concat(log, ","))
-- outside a coroutine the same order, without yields
print(pcall(function()
  local x <close> = setmetatable({}, {__close = function(_, err) print("x closes after", err) end})
  local y <close> = setmetatable({}, {__close = function(_, err) error("y failed", 0) end})
  error("main", 0)
end))
