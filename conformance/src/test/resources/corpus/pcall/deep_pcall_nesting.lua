local function nest(n) if n == 0 then error("bottom", 0) end return pcall(nest, n - 1) end
print(nest(20))
