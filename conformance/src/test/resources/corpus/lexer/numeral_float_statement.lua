-- kernel-only: '.' never starts or continues a numeral, so 3.14 is 3 followed by '.'
local x = 3.14
