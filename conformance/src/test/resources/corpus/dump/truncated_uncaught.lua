-- an uncaught error from a truncated chunk
local f = assert(load("\27Lua\84", "=truncated"))
f()
