-- line events: a new line, or a jump backwards (even to the same line)
local function join(t, sep)
  local s = ""
  for i, v in ipairs(t) do s = s .. (i > 1 and (sep or " ") or "") .. tostring(v) end
  return s
end
local lines = {}
local function f(n)
  local s = 0
  for i = 1, n do s = s + i end
  local j = 0
  while j < 2 do j = j + 1 end
  if s > 100 then
    s = 0
  end
  return s + j
end
debug.sethook(function(ev, line) lines[#lines + 1] = line end, "l")
local r = f(3)
debug.sethook()
print(join(lines, " "))
print(r)
