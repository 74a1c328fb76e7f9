local t = {}
t.x = 5
t.x()
