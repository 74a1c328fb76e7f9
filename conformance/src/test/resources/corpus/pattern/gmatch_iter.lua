-- gmatch: captures, empty matches, anchors, the init argument
for w in string.gmatch("one two  three", "%a+") do print(w) end
for k, v in string.gmatch("a=1, b=2, c=3", "(%w+)=(%w+)") do print(k, v) end
local t = {}
for p in string.gmatch("abc", "()") do t[#t + 1] = p end
print(#t, t[1], t[4])
local n = 0
for m in string.gmatch("abc", "x*") do n = n + 1 end
print(n)
for w in string.gmatch("10 20 30", "%d+", 3) do print("from 3:", w) end
for w in string.gmatch("11 21 31", "%d+", -4) do print("from -4:", w) end
for w in string.gmatch("abc", ".", 10) do print("never", w) end
for w in string.gmatch("^a^a", "^a") do print("anchor is literal in gmatch:", w) end
local f = string.gmatch("1 2 3", "%d")
print(f(), f(), f(), f(), f())
local co = coroutine.wrap(function() local g = string.gmatch("x y", "%a"); coroutine.yield(g()); coroutine.yield(g()) end)
print(co(), co())
print(pcall(string.gmatch, "abc"))
