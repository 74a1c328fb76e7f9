-- kernel-only: data bounds, argument and self errors
local data = require "data"
local d = data.new(4)
print(pcall(d.getuint32, d, 0))
print(pcall(d.getuint32, d, 1))
print(pcall(d.getint16, d, 3))
print(pcall(d.getbyte, d, -1))
print(pcall(d.getbyte, d, 4))
print(pcall(d.setbyte, d, 4, 1))
print(pcall(d.getnumber, d, 0))
print(pcall(d.setbyte, d, 0))
print(pcall(d.getbyte, d, "x"))
print(pcall(d.getbyte, {}, 0))
print(pcall(d.getbyte, nil, 0))
print(pcall(data.new)) -- no argument: nil, as in Luadata
print(pcall(data.new, -1))
