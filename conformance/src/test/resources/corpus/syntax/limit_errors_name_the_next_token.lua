-- limit errors end with the token where the limit was hit, as other syntax errors do
local function names(p, n)
  local t = {}
  for i = 1, n do t[i] = p .. i end
  return table.concat(t, ", ")
end
print(load("local " .. names("a", 201) .. " = 1"))
print(load("local function f(" .. names("p", 201) .. ") end"))
print(load("f(" .. names("x", 300) .. ")"))
local up = "local " .. names("u", 150) .. "\nlocal function g()\n local " .. names("v", 150) ..
  "\n return function() return {" .. names("u", 150) .. ", " .. names("v", 150) .. "} end\nend"
print(load(up))
