local x = 1
error("fatal " .. x)
