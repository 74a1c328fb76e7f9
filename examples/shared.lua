--
-- shared: an in-memory key-value store on TCP 127.0.0.1:90, kept in an rcu table of data
-- objects so that other runtimes could share it. Run with `lunatik spawn examples/shared`, then
--   nc 127.0.0.1 90
--   foo=bar        stores "bar" under foo
--   foo            answers "bar"
--   foo=           forgets foo (an unknown key answers an empty line)
-- One session at a time; values up to 1,023 bytes.
--
local inet = require("socket.inet")
local socket = require("socket")
local thread = require("thread")
local linux = require("linux")
local data = require("data")
local rcu = require("rcu")

local VALUE_SIZE = 1024
local store = rcu.table()

local server = inet.tcp()
server:bind(inet.localhost, 90)
server:listen()

local function get(key)
	local slot = store[key]
	if not slot then return "" end
	return string.match(slot:getstring(0), "^[^%z]*")
end

local function set(key, value)
	if value == "" then
		store[key] = nil
		return
	end
	local slot = store[key] or data.new(VALUE_SIZE)
	value = string.sub(value, 1, VALUE_SIZE - 1)
	slot:setstring(0, value .. "\0")
	store[key] = slot
end

-- answers each complete line of the session; returns false once the peer has gone
local function serve(session, pending)
	local ok, chunk = pcall(session.receive, session, 1024, socket.msg.DONTWAIT)
	if not ok then
		if chunk == linux.errno.AGAIN then
			linux.schedule(10)
			return true, pending
		end
		return false
	end
	if chunk == "" then return false end
	pending = pending .. chunk
	for line in string.gmatch(pending, "([^\n]*)\n") do
		local key, assign, value = string.match(line, "^(%w+)(=?)(.*)$")
		if key and assign == "=" then
			set(key, value)
		elseif key then
			session:send(get(key) .. "\n")
		end
	end
	return true, string.match(pending, "[^\n]*$")
end

return function()
	print("starting shared...")
	while not thread.shouldstop() do
		local ok, session = pcall(server.accept, server, socket.sock.NONBLOCK)
		if ok then
			local alive, pending = true, ""
			while alive and not thread.shouldstop() do
				alive, pending = serve(session, pending)
			end
			session:close()
		elseif session == linux.errno.AGAIN then
			linux.schedule(100)
		else
			error(session)
		end
	end
	server:close()
	print("stopping shared...")
end
