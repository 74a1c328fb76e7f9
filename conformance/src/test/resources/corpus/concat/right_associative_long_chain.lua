local s = ""
for i = 1, 10 do s = s .. i .. "," end
print(s, #s)
print("a" .. "b" .. "c" .. "d" .. "e" .. "f" .. "g" .. "h")
