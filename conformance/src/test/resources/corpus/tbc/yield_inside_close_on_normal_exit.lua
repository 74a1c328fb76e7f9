-- a __close method may yield when its scope ends normally (block end, break, return)
local function closer(name)
  return setmetatable({}, {__close = function (_, msg)
    print("closing", name, msg)
    local r = coroutine.yield(name)
    print("resumed", name, r)
  end})
end
local co = coroutine.wrap(function (...)
  do
    local a <close> = closer("block")
  end
  for i = 1, 3 do
    local b <close> = closer("loop" .. i)
    if i == 2 then break end
  end
  local function f(...)
    local x <close> = closer("x")
    local y <close> = closer("y")
    return ...
  end
  print("f returned", f(10, 20, 30))
  print("f returned", select('#', f()))
  -- the method itself may be coroutine.yield
  do
    local z <close> = setmetatable({}, {__close = coroutine.yield})
  end
  return "done"
end)
local v = co()
local n = 0
while v ~= "done" do
  n = n + 1
  print("yielded", type(v) == "table" and "a table" or v)
  v = co(n)
end
print(n, v)
