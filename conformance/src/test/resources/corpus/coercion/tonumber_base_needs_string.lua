print(tonumber(10, 16))
