print(table.concat({"a", print}))
