print(undefined_value + 1)
