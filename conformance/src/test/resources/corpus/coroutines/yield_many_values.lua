local co = coroutine.create(function(...) coroutine.yield(...); return select("#", coroutine.yield()) end)
print(coroutine.resume(co, 1, 2, 3, nil))
print(coroutine.resume(co))
print(coroutine.resume(co, nil, nil, nil))
