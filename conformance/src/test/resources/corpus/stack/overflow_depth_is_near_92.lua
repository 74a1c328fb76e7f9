-- kernel-only: 200-slot stack; the kernel overflows at depth ~92, never before 81
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
local first_failure
for n = 1, 300 do
  if not pcall(depth, n) then first_failure = n; break end
end
print(first_failure ~= nil, first_failure > 80, first_failure < 200)
