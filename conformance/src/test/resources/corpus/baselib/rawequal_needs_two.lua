rawequal(1)
