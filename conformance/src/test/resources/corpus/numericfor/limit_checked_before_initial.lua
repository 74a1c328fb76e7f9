-- limit, then step, then initial value are converted, so the limit is reported first
for i = nil, nil do end
