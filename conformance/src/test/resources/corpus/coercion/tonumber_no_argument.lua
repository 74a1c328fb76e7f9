print(tonumber())
