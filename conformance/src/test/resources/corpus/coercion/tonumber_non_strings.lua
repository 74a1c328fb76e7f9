print(tonumber(7), tonumber(nil), tonumber(true), tonumber({}))
