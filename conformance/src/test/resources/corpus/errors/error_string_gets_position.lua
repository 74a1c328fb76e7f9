local function f() error("bad thing") end
print(pcall(f))
