-- string.gsub with captures and a %n replacement, a function and a table.
local subject = "key1=val1, key2=val2, key3=val3, name=lunatik, flavour=kernel"
local gsub, total = string.gsub, 0
local map = {a = "A", e = "E"}
local function up(w) return #w end
for i = 1, 60000 do
  local r, k = gsub(subject, "(%w+)=(%w+)", "%2:%1")
  total = total + #r + k
  r = gsub(subject, "%a+", up)
  total = total + #r
  r = gsub(subject, "[ae]", map)
  total = total + #r
end
print("gsub: " .. total)
