-- kernel-only: '/' parses as floor division on integers
print(7/2, -7/2, 7/-2, -7/-2, 6/3, 0/5)
