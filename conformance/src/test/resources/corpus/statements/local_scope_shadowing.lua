local x = 1
do local x = x + 1; print(x) end
print(x)
local x = x * 10
print(x)
