-- kernel-only: a/b and a//b agree for every sign combination
local ok = true
for a = -9, 9 do
  for b = -4, 4 do
    if b ~= 0 and a / b ~= a // b then ok = false; print("differs", a, b) end
  end
end
print(ok)
