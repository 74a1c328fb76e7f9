-- pairs only checks that an argument exists; next complains on the first step
local f, s, c = pairs(nil)
print(type(f), s, c)
for k in pairs(nil) do end
