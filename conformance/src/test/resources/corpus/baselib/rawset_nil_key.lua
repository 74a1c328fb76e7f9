rawset({}, nil, 1)
