-- kernel-only: tail calls reuse the frame, so depth 10000 is fine with 200 slots
local function down(n) if n == 0 then return "bottom" end return down(n - 1) end
print(down(10000))
