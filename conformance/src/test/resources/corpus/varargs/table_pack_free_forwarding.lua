local function wrap(...) return ... end
print(wrap(wrap(1, 2), wrap(3, 4)))
print(select("#", wrap(nil, nil, nil)))
