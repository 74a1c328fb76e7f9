local function inner()
  local t = {}
  return t.x.y
end
local function outer() return (inner()) end
outer()
