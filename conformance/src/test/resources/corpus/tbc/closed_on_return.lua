local function f()
  local x <close> = setmetatable({}, {__close = function() print("closed x") end})
  return "result"
end
print(f())
