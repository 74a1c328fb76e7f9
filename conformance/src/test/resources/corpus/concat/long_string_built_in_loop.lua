local s = ""
for i = 1, 100 do s = s .. "x" end
print(#s)
