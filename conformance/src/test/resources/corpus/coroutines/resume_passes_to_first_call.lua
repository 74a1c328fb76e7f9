local co = coroutine.create(function(...) return select("#", ...), ... end)
print(coroutine.resume(co, nil, nil))
