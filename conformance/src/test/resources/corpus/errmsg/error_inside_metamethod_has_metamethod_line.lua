local t = setmetatable({}, {__index = function(self, k)
  error("no field " .. k)
end})
print(t.missing)
