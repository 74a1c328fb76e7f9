-- a line hook keeps firing after an xpcall handler caught a stack overflow and itself caught a
-- second one: the hook runs above the live registers, not where the unwound frames reached
local lines = 0
debug.sethook(function() lines = lines + 1 end, "l")
local function loop(x) return 1 + loop(x) end
local function call(f, ...) return pcall(f, ...) end
local res, msg = xpcall(loop, function(m)
  print("handler", (string.gsub(m, "^.-:%d+: ", "")))
  print("inner", call(loop))
  return 15
end)
print(res, msg)
debug.sethook()
print(lines > 5)
