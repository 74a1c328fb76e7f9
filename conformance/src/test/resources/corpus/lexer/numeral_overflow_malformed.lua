-- kernel-only: stock Lua turns an overflowing decimal numeral into a float
local x = 9223372036854775808
