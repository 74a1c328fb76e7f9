-- kernel-only: the kernel opens neither io nor os
print(io, os, _G.io, _G.os)
