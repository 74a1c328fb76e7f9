-- NPFLua: refuse an SSH server by the software version in its banner.
--
--   ./lunatik npf attach examples/npf/sshblock --hook PRE_ROUTING
--   ./lunatik net relay tcp 127.0.0.1:2222 127.0.0.1:22   # ssh -p 2222 127.0.0.1
--
-- The rule NetBSD's NPFLua was shown with: the server's first line is
-- "SSH-protoversion-softwareversion [comments]\r\n" (RFC 4253, 4.2); when the
-- software version is the vulnerable one, the packet carrying it is dropped.

local blocked = {
  ["OpenSSH_6.4"] = true,
}

function filter(hdr, pld)
  -- the first 255 bytes of the payload (all of a shorter one)
  local seg = pld:segment(0, 255)
  if not seg then
    return true -- no payload: nothing to look at
  end

  local banner = tostring(seg)
  local version = banner:match("^SSH%-[%w%p]+%-([%w%p]+) ?[%w%p ]*\r\n")

  if version and blocked[version] then
    print("npf: SSH server " .. version .. " refused")
    return false
  end
  return true
end
