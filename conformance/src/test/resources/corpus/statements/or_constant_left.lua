-- 'or' with a truthy constant on the left yields that constant, not true
print((10 or 2) == 10, (10 or 2), ("s" or 1), (10 or assert(nil)))
local x = 3 or 4; print(x)
if 10 or nil then print("yes") end
while 1 or x do print("loop") break end
print(not (10 or 2), (true or 1), (false or 7), (nil or "alo"), ((1 and 2) or 3))
local t = {5 or 6, "k" or nil}
print(t[1], t[2])
