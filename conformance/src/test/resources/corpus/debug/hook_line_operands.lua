-- line events follow where Lua codes each instruction: an operand is fetched on the line
-- where it ends, the operator on the operator's line, the store after the whole expression
local function trace(s)
  local lines = {}
  local f = assert(load(s))
  debug.sethook(function(e, l) lines[#lines + 1] = l end, "l")
  f()
  debug.sethook()
  lines[#lines] = nil -- the line of debug.sethook() in this function
  print(table.concat(lines, " "))
end

trace("local b = {10}\na = b[1]\n+\n\nb[1]\nb = 4")
trace("local b = {10}\na = b[1]\n\n+\nb[1]\nb = 4")
trace("local b = {10}\nlocal c = b[1] +\n\n b[1]\nb = 4")
trace("local b = {x = 1}\nb.y =\n b.x\n -\n b.x\nb = 4")
trace("local b = {10}\nlocal c, d = b[1],\n b[1]\n\nb = 4")
a = nil
