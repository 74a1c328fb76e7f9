-- equality never converts
print(1 == "1", "1" ~= 1, 0 == false, nil == false)
