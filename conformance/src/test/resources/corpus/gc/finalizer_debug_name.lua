-- debug information names a running finalizer "metamethod '__gc'"
setmetatable({}, {__gc = function()
  local t = debug.getinfo(1, "n")
  print(t.namewhat, t.name)
  print((string.gsub(debug.traceback("tb", 1), "\n.*", "")))
  print(string.match(debug.traceback(), "\n([^\n]*)"))
end})
collectgarbage()
print("done")
