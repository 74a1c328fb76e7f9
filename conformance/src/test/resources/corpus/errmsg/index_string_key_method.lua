local s = nil
s:upper()
