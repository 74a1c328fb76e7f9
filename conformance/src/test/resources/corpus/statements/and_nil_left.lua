-- 'and' with nil on the left yields nil, not false
print((nil and 10) == nil, (nil and 10), (false and 10), (false and 10) == false)
local x = nil and 1; print(x)
local y = false and 1; print(y)
if nil and 1 then print("no") else print("else") end
print(not (nil and 1), (nil and nil), (1 and nil))
