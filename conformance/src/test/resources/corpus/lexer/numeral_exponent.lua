-- kernel-only: no exponents; 'e' is a hex digit, so 1e3 is one malformed numeral
local x = 1e3
