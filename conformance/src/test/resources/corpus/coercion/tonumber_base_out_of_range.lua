print(tonumber("10", 1))
