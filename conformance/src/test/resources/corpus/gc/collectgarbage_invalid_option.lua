collectgarbage("x")
