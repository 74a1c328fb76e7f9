print(xpcall(function() return "fine" end, nil))
