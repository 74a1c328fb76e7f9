local function f() return nil end
f()()
