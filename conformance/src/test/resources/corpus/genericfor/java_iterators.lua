-- generic for with iterators written in the host language (ipairs', next), for every number of
-- loop variables, errors raised by the iterator, an iterator that yields, and a budget hook
local t = {10, 20, 30, x = 1}
local s = 0
for i in ipairs(t) do s = s + i end
print(s)
for i, v, extra in ipairs(t) do last = extra; s = s + v end
print(s, last)
local keys = 0
for k, v in next, t do keys = keys + 1 end
print(keys)
for k, v in pairs({}) do print("never") end
print(pcall(function() for k in next, t, "no such key" do end end))
print(pcall(function() for _ in ipairs(nil) do end end))
-- a nested loop whose inner iterator runs while the outer one is suspended
local pairs_seen = {}
for i, a in ipairs({1, 2}) do
  for j, b in ipairs({3, 4}) do pairs_seen[#pairs_seen + 1] = a * b end
end
print(table.concat(pairs_seen, " "))
-- the iterator of a generic for may yield (it runs inside a coroutine)
local co = coroutine.wrap(function()
  for v in coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end) do
    coroutine.yield(v * 100)
  end
  return "end"
end)
print(co(), co(), co(), co())
-- a count hook sees the loop's instructions whichever way the iterator is called
local n = 0
debug.sethook(function() n = n + 1 end, "", 1)
for _ in ipairs({1, 2, 3, 4, 5}) do end
debug.sethook()
print(n > 5)
