-- kernel-only: stock Lua has %f %e %g %a %p; expectations follow lstrlib.c 5.4.7 without them
-- conversions kernel Lua does not have, and malformed specifications
local function e(f) print(select(2, pcall(string.format, f, 10))) end
e("%f"); e("%5.2f"); e("%e"); e("%E"); e("%g"); e("%G"); e("%a"); e("%A"); e("%p"); e("%F")
e("%t"); e("%"); e("%ld"); e("%hd")
e("%100d"); e("%1.100d"); e("%0100d"); e("%#d"); e("%+u"); e("% x"); e("%+x")
e("%010c"); e("%.10c"); e("%0.34s"); e("%#i"); e("%0.s"); e("%#s")
e("%1" .. string.rep("0", 30) .. "d"); e("%123456789012345678901d")
e("%-+ #0-+ #0-+ #0-+ #0-d")
print(pcall(string.format, "%d %d", 1))
print(pcall(string.format))
