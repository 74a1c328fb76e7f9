-- a failed comparison is reported at the line where its second operand ends
local function lt(a, b)
  return a
    <
    b
end
print(select(2, pcall(lt, {}, 1)))
local function ge(a, b)
  return a >=
    b
end
print(select(2, pcall(ge, 1, "x")))
local t = {}
print(select(2, pcall(function()
  if t
     < t then end
end)))
