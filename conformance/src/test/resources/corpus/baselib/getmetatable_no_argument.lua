getmetatable()
