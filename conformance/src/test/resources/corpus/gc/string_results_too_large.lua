-- results longer than the largest string (INT_MAX bytes) are Lua errors raised before any
-- allocation, never a host failure; the state goes on
for _, n in ipairs({1 << 31, 1 << 40, math.maxinteger}) do
  print(pcall(string.rep, "x", n))
end
print(pcall(string.rep, "abc", 1 << 30, "de"))
print(#string.rep("ab", 3, ","))
