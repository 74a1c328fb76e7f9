print(true .. "x")
