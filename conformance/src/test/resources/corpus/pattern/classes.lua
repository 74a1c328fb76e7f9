-- character classes in the C locale, and their complements
local s = ""
for i = 0, 255 do s = s .. string.char(i) end
for _, c in ipairs({"a", "c", "d", "g", "l", "p", "s", "u", "w", "x"}) do
  local _, n = string.gsub(s, "%" .. c, "")
  local _, m = string.gsub(s, "%" .. c:upper(), "")
  print(c, n, m)
end
print((string.gsub(s, "[^%p]", "")))
print((string.gsub(s, "[^%x]", "")))
print((string.gsub("a1 B2\t_!\xE9", "%W", ".")))
print(string.find("\xE9", "%a"), string.find("\xE9", "%A"))
