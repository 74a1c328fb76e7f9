local x = string.find(string.rep("a", 500), string.rep(".?", 400))
