do
  local x <close> = setmetatable({}, {__close = function(o, e) print("closing", e) end})
  print("in block")
end
print("after block")
