-- Recursive Fibonacci: Lua-to-Lua call overhead (CALL/RETURN, LT, ADD/SUB).
-- Integer-only and valid for Lua 5.2 / LuaJ as well as Lua 5.4 and kernel Lua.
local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

-- fib(32) alone takes ~0.15 s in lua5.4 here; compute it three times.
local r = 0
for _ = 1, 3 do r = fib(32) end
print("fib(32) = " .. r)
