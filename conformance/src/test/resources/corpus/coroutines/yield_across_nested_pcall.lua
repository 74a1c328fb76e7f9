local co = coroutine.wrap(function()
  local r = {pcall(pcall, function() return coroutine.yield("deep") + 1 end)}
  return r[1], r[2], r[3]
end)
print(co())
print(co(1))
