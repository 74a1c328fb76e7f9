print(tonumber("10"), tonumber("0x10"), tonumber(" 12 "), tonumber("-0x10"), tonumber("  -3\t\n"))
