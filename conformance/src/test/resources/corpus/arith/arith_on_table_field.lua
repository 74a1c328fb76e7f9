local cfg = {}
local total = 10 * cfg.limit
