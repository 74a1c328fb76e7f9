-- kernel-only: '/' is '//' here too
local min = -9223372036854775807 - 1
print(min / -1 == min)
