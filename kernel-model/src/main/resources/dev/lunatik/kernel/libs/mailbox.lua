-- mailbox: messages over a fifo, signalled by a completion (Lunatik's lib/mailbox.lua API).
-- mailbox.inbox(q, e) / mailbox.outbox(q, e): q is a fifo (then e is its completion) or a
-- capacity in bytes (a new fifo and completion). An inbox only receives, an outbox only sends.
local fifo = require "fifo"
local completion = require "completion"

local HEADER = string.packsize("T")

local Box = {}
Box.__index = Box

local function open(q, e, kind)
  local queue, event
  if type(q) == "number" then
    queue, event = fifo.new(q), completion.new()
  else
    queue, event = q, e
  end
  return setmetatable({queue = queue, event = event, kind = kind}, Box)
end

function Box:send(msg)
  if self.kind == "inbox" then error("receive-only mailbox", 2) end
  self.queue:push(string.pack("s", msg))
  self.event:complete()
end

function Box:receive(timeout)
  if self.kind == "outbox" then error("send-only mailbox", 2) end
  local ok, err = self.event:wait(timeout)
  if not ok then error(err, 2) end
  local header, n = self.queue:pop(HEADER)
  if n == 0 then return nil end
  if n < HEADER then error("malformed message", 2) end
  local size = string.unpack("T", header)
  return (self.queue:pop(size))
end

local mailbox = {}

function mailbox.inbox(q, e)
  return open(q, e, "inbox")
end

function mailbox.outbox(q, e)
  return open(q, e, "outbox")
end

return mailbox
