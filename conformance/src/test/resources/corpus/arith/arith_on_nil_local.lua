local count
count = count + 1
