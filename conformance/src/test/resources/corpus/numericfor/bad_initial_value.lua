for i = "x", 2 do end
