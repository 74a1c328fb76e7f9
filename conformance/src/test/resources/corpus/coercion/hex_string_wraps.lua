print(tonumber("0xffffffffffffffff"), "0xffffffffffffffff" + 0)
