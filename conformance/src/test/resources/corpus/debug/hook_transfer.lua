-- getinfo 'r' in call and return hooks: ftransfer/ntransfer locate the parameters and the
-- results, readable with debug.getlocal; outside those hooks both are 0
local on = false
local function hook(event)
  if not on then return end
  local ar = debug.getinfo(2, "rS")
  local t = {}
  for i = ar.ftransfer, ar.ftransfer + ar.ntransfer - 1 do
    local n, v = debug.getlocal(2, i)
    t[#t + 1] = n .. "=" .. tostring(v)
  end
  if ar.what == "C" then -- where a Java/C function leaves its results is its own business
    print(event, ar.ntransfer, table.concat(t, ","))
  else
    print(event, ar.ftransfer, ar.ntransfer, table.concat(t, ","))
  end
end
debug.sethook(hook, "cr")
on = true; math.abs(-3); on = false
on = true; select(2, 10, 20, 30, 40); on = false
local function foo(a, ...) return ... end
local function foo1() on = not on; return foo(20, 10, 0) end
foo1(); on = false
local function bar(a, b) local c = 3; return a, b, c end
on = true; bar(1, 2); on = false
local function none() end
on = true; none(); on = false
debug.sethook()
local ar = debug.getinfo(1, "r")
print(ar.ftransfer, ar.ntransfer)
