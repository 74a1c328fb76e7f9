collectgarbage("nope")
