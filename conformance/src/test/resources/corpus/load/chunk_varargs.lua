print(load("return select('#', ...), ...")(1, nil, 3))
