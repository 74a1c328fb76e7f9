-- kernel-only: 'return 3' ends the chunk, then '.' is left over
return 3.14
