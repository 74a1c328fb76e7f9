local function outer()
  local a = 1
  return function()
    local b = 2
    return function() a = a + 10; return a + b end
  end
end
local mid = outer()
local inner = mid()
print(inner(), inner(), mid()())
