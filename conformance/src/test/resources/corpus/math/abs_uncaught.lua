local v = math.abs("nope")
