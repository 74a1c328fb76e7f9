-- count hooks fire every N instructions; gethook reports function, mask and count
local n = 0
local function h(ev, line)
  n = n + 1
  assert(ev == "count" and line == nil)
end
debug.sethook(h, "", 1)
local f, m, c = debug.gethook()
print(f == h, m, c)
local s = 0
for i = 1, 100 do s = s + i end
debug.sethook()
print(n > 100, s)
n = 0
debug.sethook(h, "", 10)
for i = 1, 100 do s = s + i end
debug.sethook()
print(n > 5)
local function h2() end
debug.sethook(h2, "l", 5)
print(select(2, debug.gethook()), select(3, debug.gethook()))
debug.sethook(h2, "rcl")
print(select(2, debug.gethook()), select(3, debug.gethook()))
debug.sethook()
print(debug.gethook())
debug.sethook(h, "")
print(debug.gethook())
