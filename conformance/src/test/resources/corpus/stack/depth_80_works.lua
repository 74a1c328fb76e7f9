-- kernel-only: 200-slot stack (check with a stock Lua built with LUAI_MAXSTACK 200)
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print(depth(80))
