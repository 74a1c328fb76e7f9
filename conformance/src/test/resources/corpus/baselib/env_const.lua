local _ENV <const> = {print = print, v = "from const env"}
print(v)
