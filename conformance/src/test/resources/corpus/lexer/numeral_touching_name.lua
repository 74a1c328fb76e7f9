-- kernel-only: the scanner stops at the first non-hex-digit: 10g is 10 then g
return 10g
