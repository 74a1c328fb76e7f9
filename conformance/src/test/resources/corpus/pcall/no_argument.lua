pcall()
