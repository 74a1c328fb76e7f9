local k <const> = 10
local name <const> = "n"
local big <const> = k * k * k * 1000
local t <const> = {}
do
  local h <close> = setmetatable({}, mt)
  t[name] = big // 3
end
local _ENV = {print = print}
x = k
print(x)
local i = 1
::top::
local y = i
f = function() return y end
i = i + 1
if i < 3 then goto top end
