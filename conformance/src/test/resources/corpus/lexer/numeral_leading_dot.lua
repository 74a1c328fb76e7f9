-- kernel-only: .5 is not a numeral
local x = .5
