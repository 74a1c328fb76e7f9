local closer = setmetatable({}, {__close = function(_, e) print("closed with", e) end})
local ok, err = pcall(function()
  for i in function(_, i) return i + 1 end, nil, 0, closer do
    error("stop", 0)
  end
end)
print(ok, err)
