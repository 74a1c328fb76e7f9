print(#"", #"abc", #{}, #{1, 2, 3}, #{n = 1})
local s = "x"
for i = 1, 4 do s = s .. s end
print(#s)
