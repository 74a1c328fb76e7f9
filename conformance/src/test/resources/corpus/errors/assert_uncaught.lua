local v = nil
assert(v, "v must be set")
