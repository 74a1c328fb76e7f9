-- 'and'/'or' whose first operand is a constant yield that operand's value, not a boolean
print(nil and 1, false and 1, 1 or 2, "a" or 1, true or 1)
local x = nil and 2
print(x, x == nil)
local y = 3 or 4
print(y, y * 2)
print((1 or 2) + 1, -(-1 or -4), (1 and 2) + (-1 or -4))
print(("s" or 1) .. "t", #("abc" or ""))
local a = nil
print(1 or a, a and nil, 2 or a and 3, nil or false, false or nil)
print(nil and a or 5, 7 or a or 9)
-- as conditions they still steer control flow
if 1 or a then print("then") end
if nil and a then print("no") else print("else") end
local n = 0
while nil or n < 3 do n = n + 1 end
print(n)
