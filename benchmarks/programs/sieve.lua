-- Sieve of Eratosthenes on a table's array part, repeated.
-- Exercises GETTABLE/SETTABLE with integer keys, numeric for loops and booleans.
local function sieve(n)
  local composite = {}
  for i = 1, n do composite[i] = false end
  local count = 0
  for i = 2, n do
    if not composite[i] then
      count = count + 1
      for j = i * i, n, i do composite[j] = true end
    end
  end
  return count
end

local total = 0
for _ = 1, 250 do
  total = total + sieve(100000)
end
print("primes below 100000: " .. sieve(100000) .. ", total over 251 runs: " .. (total + sieve(100000)))
