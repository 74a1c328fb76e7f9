-- examples/hello.lua: a first kernel-Lua script (base library only).
-- Run it with:  ./lunatik lua examples/hello.lua [name]
-- Kernel Lua (Lunatik's Lua 5.4) has integers only: "/" is floor division and there are no
-- floats, no "^", no io and no os library.

local who = arg[1] or "world"
print("hello, " .. who .. ", from " .. _VERSION)

local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

local squares = ""
for i = 1, 5 do squares = squares .. " " .. i * i end
print("fib(20) = " .. fib(20) .. ", squares:" .. squares)
print("7 / 2 = " .. 7 / 2 .. ", -7 / 2 = " .. -7 / 2 .. ", 7 % -3 = " .. 7 % -3)

local max = 9223372036854775807
print("integers wrap around: " .. tostring(max + 1 == -max - 1))

local ok, err = pcall(function() return {} .. "x" end)
print("errors are Lua's: " .. tostring(ok) .. ", " .. err)
