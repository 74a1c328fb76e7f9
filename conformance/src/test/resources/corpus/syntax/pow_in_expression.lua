-- kernel-only: '^' is not an operator
local x = 2^3
