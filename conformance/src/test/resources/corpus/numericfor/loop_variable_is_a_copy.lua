-- assigning to the control variable does not change the iteration
local seen = ""
for i = 1, 3 do seen = seen .. i; i = i * 10; seen = seen .. "(" .. i .. ")" end
print(seen)
