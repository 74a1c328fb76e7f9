for i in next, {}, nil, 42 do end
