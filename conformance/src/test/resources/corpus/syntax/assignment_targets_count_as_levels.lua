-- each further target of a multiple assignment is one parser nesting level (Lua's restassign
-- recursion): too many of them is "C stack overflow", like deeply nested expressions
for _, pre in ipairs{"", "local a; "} do
  local last
  for n = 150, 260 do
    local s = pre .. "a" .. string.rep(",a", n) .. " = 1"
    if load(s) then last = n end
  end
  print(last)
end
-- the expressions on the right are parsed inside those levels
local last
for n = 100, 260 do
  local s = "a" .. string.rep(",a", n) .. " = " .. string.rep("(", 10) .. "1" .. string.rep(")", 10)
  if load(s) then last = n end
end
print(last)
local f2, msg = load("a" .. string.rep(",a", 500) .. " = 1")
print(f2, (msg:match("^[^\n]*")))
local f = load("local a, b; a" .. string.rep(",b", 100) .. " = 1, 2; return a, b")
print(f())
