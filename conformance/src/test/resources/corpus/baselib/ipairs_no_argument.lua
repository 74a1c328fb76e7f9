ipairs()
