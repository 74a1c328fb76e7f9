-- hexadecimal numerals wrap around modulo 2^64
print(0xffffffffffffffff, 0x8000000000000000, 0x10000000000000001)
