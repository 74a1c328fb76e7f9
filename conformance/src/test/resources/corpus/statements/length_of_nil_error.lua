local t
print(#t)
