local function pack(...) return {n = select("#", ...), ...} end
local t = pack(1, nil, 3, nil)
print(t.n, t[1], t[2], t[3], t[4], #{...} >= 0)
