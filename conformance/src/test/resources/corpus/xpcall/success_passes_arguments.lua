print(xpcall(function(a, b) return a + b, "ok" end, print, 2, 3))
