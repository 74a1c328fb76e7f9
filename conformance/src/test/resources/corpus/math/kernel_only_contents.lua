-- kernel-only: the kernel math library has exactly 7 fields (lunatik-semantics 1.8)
local names = {}
for k in pairs(math) do names[#names + 1] = k end
table.sort(names)
print(#names, table.concat(names, " "))
print(math.pi, math.huge, math.type, math.floor, math.random, math.sqrt, math.fmod)
print(math.abs("-3"), math.tointeger("8.0"), math.tointeger("1e2"))
print(math.max(1, "2" + 0))
