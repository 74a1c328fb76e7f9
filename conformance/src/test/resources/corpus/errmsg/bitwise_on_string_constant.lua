local x = "a" | 1
