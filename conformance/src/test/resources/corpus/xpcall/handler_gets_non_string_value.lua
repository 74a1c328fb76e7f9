print(xpcall(error, function(v) return type(v), v.k end, {k = "tbl"}))
