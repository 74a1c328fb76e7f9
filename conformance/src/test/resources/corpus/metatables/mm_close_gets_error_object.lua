local got
local ok = pcall(function()
  local x <close> = setmetatable({}, {__close = function(self, e) got = e end})
  error({code = 5})
end)
print(ok, type(got), got.code)
