print(xpcall(error, function(m) return m, "extra" end, "e", 0))
