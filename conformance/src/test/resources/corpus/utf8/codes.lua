-- utf8.codes iteration, strict and lax, and its errors
for p, c in utf8.codes("a\u{E9}\u{20AC}\u{10348}") do print(p, c) end
for p, c in utf8.codes("") do print("never", p, c) end
for p, c in utf8.codes("\u{D800}x", true) do print(p, c) end
local function collect(s, lax)
  local out = {}
  for p, c in utf8.codes(s, lax) do out[#out + 1] = p .. ":" .. c end
  return table.concat(out, " ")
end
local function try(s, lax) print(pcall(collect, s, lax)) end
try("ab")
try("a\xffb")
try("\x80")
try("a\u{E9}\x80")
try("a\xC3")
try("\u{D800}")
try("\u{D800}", true)
try("\u{110000}", 1)
try("\xC0\x80", true)
print(pcall(function() return utf8.codes() end))
print(pcall(function() return utf8.codes({}) end))
local f, s, i = utf8.codes("xy")
print(f(s, i), f(s, 1), f(s, 2), f(s, -5))
