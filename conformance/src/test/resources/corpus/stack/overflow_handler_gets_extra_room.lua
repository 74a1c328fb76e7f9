-- an xpcall message handler for a stack overflow runs with extra room; overflowing again
-- inside the handler is "error in error handling"; afterwards the full stack is usable again
local function loop (x) return 1 + loop(x) end
local function call(f, ...) return pcall(f, ...) end  -- varargs in the handler
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
for round = 1, 3 do
  local res, msg = xpcall(loop, function (m)
    print("handler got", m)
    print("inner", call(loop))
    print("calls work", string.rep("x", 3), depth(5))
    return 15
  end)
  print(res, msg)
end
print(pcall(depth, 40))
print(select('#', xpcall(loop, function (m) return m, "extra" end)))
