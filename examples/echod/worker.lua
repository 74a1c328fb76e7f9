--
-- echod worker: echoes everything its session sends until the peer closes, the daemon stops
-- (control byte 1 becomes 0) or its thread is stopped. Started by examples/echod/daemon.
--
local thread = require("thread")
local socket = require("socket")
local linux = require("linux")

return function(control, session)
	local id = control:getbyte(0)
	local function log(what) print("echod [worker #" .. id .. "]: " .. what) end
	-- this closure stays as the runtime's entry: thread.run runs it
	return function()
		log("started")
		while control:getbyte(1) ~= 0 and not thread.shouldstop() do
			local ok, msg = pcall(session.receive, session, 1024, socket.msg.DONTWAIT)
			if ok then
				if msg == "" then break end   -- the peer closed
				session:send(msg)
			elseif msg == linux.errno.AGAIN then
				linux.schedule(10)
			else
				log("aborted")
				session:close()
				return
			end
		end
		session:close()
		log("stopped")
	end
end
