print("x" .. missing)
