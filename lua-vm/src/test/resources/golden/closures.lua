local a = 1
local function outer()
  local b = 2
  return function(c)
    a, b = b, c
    return a + b + c
  end
end
repeat
  local r = g()
  h(function() return r end)
until r
local x = 9007199254740993
local y = -x
local s = ("x"):rep(3)
return outer, x, y, s
