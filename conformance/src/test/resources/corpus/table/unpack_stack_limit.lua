-- kernel stack (200 slots, lunatik-semantics 1.12): table.unpack of ~200 values fails
-- (matches a Lua 5.4.7 built with LUAI_MAXSTACK 200)
local function try(n) return pcall(function() local t = {table.unpack({}, 1, n)} return #t end) end
print(try(100))
print(try(150))
print(try(181))
print(try(182))
print(try(1000))
local t = {} for i = 1, 60 do t[i] = i end
local function sum(...) local s = 0 for i = 1, select("#", ...) do s = s + (select(i, ...)) end return s end
print(sum(table.unpack(t)))
