--
-- echod daemon: accepts TCP connections on 127.0.0.1:1337 and hands each one to a worker
-- runtime of its own (examples/echod/worker), run by a kernel thread.
-- Run with `lunatik spawn examples/echod/daemon`, then `nc 127.0.0.1 1337`.
--
local lunatik = require("lunatik")
local thread = require("thread")
local socket = require("socket")
local inet = require("socket.inet")
local linux = require("linux")
local data = require("data")

-- shared with every worker: byte 0 = the worker's number, byte 1 = 1 while the daemon runs
local control = data.new(2)
control:setbyte(1, 1)

local server = inet.tcp()
server:bind(inet.localhost, 1337)
server:listen()

local function log(what) print("echod [daemon]: " .. what) end

return function()
	log("started")
	local workers, count = {}, 0
	while not thread.shouldstop() do
		local ok, session = pcall(server.accept, server, socket.sock.NONBLOCK)
		if ok then
			count = count + 1
			control:setbyte(0, count % 256)
			local worker = lunatik.runtime("examples/echod/worker")
			worker:resume(control, session)   -- the worker keeps its session loop as its entry
			workers[count] = {thread = thread.run(worker, "echod/worker" .. count), runtime = worker}
		elseif session == linux.errno.AGAIN then
			linux.schedule(100)
		else
			error(session)
		end
	end
	control:setbyte(1, 0)
	for _, w in pairs(workers) do
		w.thread:stop()
		w.runtime:stop()
	end
	server:close()
	log("stopped")
end
