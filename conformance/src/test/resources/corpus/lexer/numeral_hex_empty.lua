print(load("return 0x", "=c"))
