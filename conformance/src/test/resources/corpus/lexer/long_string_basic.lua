-- the first line break is skipped; escapes are not interpreted
local s = [[
line1\n
line2]]
print(s)
print(#[[]], #[[
]])
