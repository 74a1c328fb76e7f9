-- Integer arithmetic in a numeric for loop: ADD, SUB, MUL, MOD, comparisons.
-- The accumulator is reduced modulo a prime so every value stays far below 2^53
-- (LuaJ computes in doubles).
local M = 1000000007
local acc, x = 0, 12345
for i = 1, 15000000 do
  x = (x * 1103 + 12345) % 65536
  if x % 3 == 0 then
    acc = acc + i - x
  elseif x < 30000 then
    acc = acc - i * 3 + x
  else
    acc = acc + (i % 1000) * 7
  end
  acc = acc % M
end
print("loop checksum: " .. acc .. " " .. x)
