print(rawequal(1, "1"), rawequal(nil, false), rawequal("a", "a"), rawequal(0, -0))
