print(getmetatable(1), getmetatable(nil), getmetatable(print), getmetatable({}))
