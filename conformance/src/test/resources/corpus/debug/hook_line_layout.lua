-- line events follow the source layout: conditions coded at 'then', loops, the chunk's last line
local function trace(src)
  local got = ""
  local chunk = load(src)
  debug.sethook(function(e, l) got = got .. l .. " " end, "l")
  chunk()
  debug.sethook()
  print(got)
end

trace("local v = tostring(5)\nif\nv\nthen\n  v = 1\nelse\n  v = 2\nend\n")
trace("local n = 3\nwhile n > 0 do\n  n = n - 1\nend\nlocal z = n\n")
trace("local n = 0\nrepeat\n  n = n + 1\nuntil n >= 2\n")
trace("local s = 0\nfor i = 1, 3 do\n  s = s + i\nend\n\n\n")
trace("local t = {}\nfor k, v in ipairs({1, 2}) do\n  t[k] = v\nend\n-- trailing comment\n")
trace("local function g()\nend\ng()\ng()\n")
trace("local a = 1 local b = 2\nlocal c = a + b\nif c > 2 then c = 0 end\n")
trace("do\n  return\nend\n")
trace("")
