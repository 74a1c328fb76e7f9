-- kernel-only: option n packs a lua_Integer (8 bytes); f and d do not exist
print(string.unpack("n", string.pack("n", 42)))
print(string.packsize("n"), string.unpack("<n", string.pack("<n", -2)))
print(pcall(string.pack, "d", 1))
print(pcall(string.pack, "f", 1))
print(pcall(string.packsize, "i4d"))
