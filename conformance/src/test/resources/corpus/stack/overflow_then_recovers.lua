-- kernel-only: after a caught overflow the stack is usable again
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print(pcall(depth, 500))
print(depth(50))
print(pcall(depth, 500))
print(depth(60))
