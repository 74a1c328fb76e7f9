print(tonumber("abc"), tonumber(""), tonumber(" "), tonumber("1 2"), tonumber("0x"), tonumber("10a"))
