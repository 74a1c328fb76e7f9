-- kernel-only: numeric for converts string bounds to integers
local n = 0
for i = "1", "3" do n = n + 1; print(i, i + 0 == i) end
print(n)
