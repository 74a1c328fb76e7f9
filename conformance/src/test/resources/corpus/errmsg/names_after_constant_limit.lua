-- variable names in error messages still work once the constants no longer fit an operand
-- (the key is loaded into a register first)
local t = {}
for i = 1, 600 do t[i] = "aaa = x" .. i end
local s = table.concat(t, "; ")
local function try(code)
  local msg = select(2, pcall(assert(load(code, "=big"))))
  print(msg)
end
try(s .. "; aaa = bbb + 1")
try("local _ENV = _ENV; " .. s .. "; aaa = bbb + 1")
try(s .. "; local t = {}; aaa = t.bbb + 1")
try(s .. "; local t = {}; t:bbb()")
try(s .. "; local t = {}; t.ccc.ddd = 1")
try(s .. "; eee.fff = 1")
