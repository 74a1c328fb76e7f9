-- the local-variable limit is checked while parsing: a later syntax error is never reached
local t = {}
for i = 1, 201 do t[i] = "local x" .. i .. " = " .. i end
t[#t + 1] = "this is not Lua"
print(load(table.concat(t, "\n")))
table.remove(t, 201)
print(load(table.concat(t, "\n")))
