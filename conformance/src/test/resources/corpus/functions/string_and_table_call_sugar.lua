local function f(x) return type(x) end
print(f"str", f{1}, f[[long]])
