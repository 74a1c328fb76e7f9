-- after an error, pending __close methods run with the failed frames already gone: their
-- caller is the pcall; each sees the error so far, and later values to close stay intact
local function closer(name, fail)
  return setmetatable({}, {__close = function (self, msg)
    print(name, debug.getinfo(2, "n").name, msg)
    if fail then error(fail, 0) end
  end})
end
local function foo(...)
  local a <close> = closer("a")
  local b <close> = closer("b", "@b")
  local filler1, filler2, filler3 = ...
  local c <close> = closer("c")
  local d <close> = closer("d", "@d")
  local t = {}
  return t.x.y
end
print(pcall(foo, 1, 2, 3))
-- with xpcall, the handler still sees the failing frames; the closes come after it
local function bar()
  local z <close> = closer("z")
  error("boom", 0)
end
print(xpcall(bar, function (m)
  print("handler", debug.getinfo(2, "n").name, m)
  return m .. "!"
end))
