-- \ddd takes up to three decimal digits
print("\65\066\0671", #"\0001")
print("\104\105")
