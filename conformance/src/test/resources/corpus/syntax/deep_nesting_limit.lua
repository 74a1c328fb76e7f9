-- nesting deeper than the C-call limit (200) fails to compile
local src = "return "
for i = 1, 300 do src = src .. "(" end
src = src .. "1"
for i = 1, 300 do src = src .. ")" end
print(pcall(load, src, "=deep"))
local ok = "return " .. "((((((((((" .. "1" .. "))))))))))"
print(load(ok)())
