local function three() return 1, 2, 3 end
print(three())
print((three()))
print(three(), "x")
print("x", three())
local t = {three(), three()}
print(#t)
local a, b, c, d = three()
print(a, b, c, d)
