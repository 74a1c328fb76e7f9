local main, ismain = coroutine.running()
print(type(main), ismain)
local co
co = coroutine.create(function()
  local c, m = coroutine.running()
  return c == co, m
end)
print(coroutine.resume(co))
