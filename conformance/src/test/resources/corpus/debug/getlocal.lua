-- debug.getlocal / debug.setlocal
local function f(a, b, ...)
  local c = a + b
  do
    local inner = 1
    print(debug.getlocal(1, 4))
  end
  print(debug.getlocal(1, 1))
  print(debug.getlocal(1, 2))
  print(debug.getlocal(1, 3))
  print(debug.getlocal(1, -1))
  print(debug.getlocal(1, -2))
  print(debug.getlocal(1, -3))
  print(debug.setlocal(1, 3, 100))
  print(c)
  print(debug.setlocal(1, -1, "v"))
  print(...)
  print(debug.setlocal(1, 50, 1))
  print((debug.getlocal(2, 1)))
  return c
end
local outer = "o"
f(1, 2, "x", "y")

-- parameter names of a function value
local function params(x, y, z) local w end
for i = 1, 4 do print(i, debug.getlocal(params, i)) end
print(debug.getlocal(print, 1))
print(debug.getlocal(function(...) end, 1))

-- locals of a C function: its arguments are temporaries
print(pcall(debug.getlocal, 0, 1))

-- errors
print(pcall(debug.getlocal, 100, 1))
print(pcall(debug.setlocal, 100, 1, 1))
print(pcall(debug.getlocal, 1))
print(pcall(debug.getlocal, "a", 1))
print(pcall(debug.setlocal, 1, 1))

-- locals of a suspended coroutine
local co = coroutine.create(function(p)
  local q = p * 2
  coroutine.yield()
  print("q is", q)
end)
coroutine.resume(co, 21)
print(debug.getlocal(co, 1, 1))
print(debug.getlocal(co, 1, 2))
print(debug.setlocal(co, 1, 2, 7))
coroutine.resume(co)
print(pcall(debug.getlocal, co, 5, 1))
