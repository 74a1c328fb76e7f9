local step = 0
for i = 10, 1, step do end
