-- string.format with integer conversions (%d, padded %5d, %x) in a loop.
local fmt, total, last = string.format, 0, ""
for i = 1, 1500000 do
  local s = fmt("%d", i * 7919)
  total = total + #s
  if i % 3 == 0 then last = fmt("[%5d|%x]", i, i) total = total + #last end
end
print("strformat: " .. total .. " " .. last)
