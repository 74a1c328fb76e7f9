local t = {}
t:m
