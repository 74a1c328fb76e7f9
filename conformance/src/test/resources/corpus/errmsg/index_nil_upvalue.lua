local state
local function get() return state.x end
get()
