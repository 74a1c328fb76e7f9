local s = [==[a]]b]=]c]==]
print(s)
print([=[[[nested]]]=])
