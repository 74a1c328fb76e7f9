local handler
local function run() handler() end
run()
