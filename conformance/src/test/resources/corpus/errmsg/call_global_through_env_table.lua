local t = {}
t.sub.fn()
