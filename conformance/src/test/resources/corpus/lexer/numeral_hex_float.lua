-- kernel-only: no hexadecimal floats: 0x1p4 is 0x1 then the name p4
return 0x1p4
