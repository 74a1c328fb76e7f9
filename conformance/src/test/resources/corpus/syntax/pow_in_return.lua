-- kernel-only: '^' is not an operator
return 2^3
