local ok, e = pcall(error)
print(ok, e, select("#", pcall(error)))
