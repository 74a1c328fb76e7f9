print(-9223372036854775807 - 1 .. "", 0x7fffffffffffffff .. "")
