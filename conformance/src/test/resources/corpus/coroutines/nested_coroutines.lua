local function gen(n) return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end) end
local outer = coroutine.wrap(function()
  for i in gen(2) do for j in gen(2) do coroutine.yield(i * 10 + j) end end
end)
print(outer(), outer(), outer(), outer())
