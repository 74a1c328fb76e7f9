-- string.byte of single positions and short ranges.
local s = string.rep("Lunatik on the JVM! ", 5)
local byte, total = string.byte, 0
for i = 1, 3000000 do
  total = total + byte(s, i % 100 + 1)
  if i % 10 == 0 then
    local a, b, c = byte(s, 1, 3)
    total = total + a + b + c
  end
end
print("strbyte: " .. total)
