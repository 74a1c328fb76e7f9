local function inner() error("deep", 0) end
print(xpcall(function()
  local ok, e = xpcall(inner, function(m) return "inner handler: " .. m end)
  error(e .. " -> rethrown", 0)
end, function(m) return "outer handler: " .. m end))
