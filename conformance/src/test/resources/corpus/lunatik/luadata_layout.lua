-- kernel-only: Luadata layouts over data objects: bit fields (MSB 0), endianness, strings
local data = require "luadata"
print(data == require "data")

-- a packet-like buffer: version/ihl nibbles, a 16-bit length, a flags/offset pair
local d = data.new{0x45, 0x00, 0x01, 0x2c, 0x40, 0x05, 0xfe, 0x11}
print(d.version, d.len) -- no layout yet: nil fields
d.version = 6           -- and writes do nothing
print(tostring(d):byte(1))

local ip = data.layout{
  version = {0, 4},
  ihl     = {4, 4},
  len     = {16, 16},
  df      = {offset = 33, length = 1},
  frag    = {offset = 35, length = 13},
  lelen   = {16, 16, "number", "little"},
  ttlproto = {48, 16, "n", "net"},
  tail    = {6, 2, "s"},
  beyond  = {60, 8},
  wide    = {0, 65},
}
print(ip.__layout_stamp, ip.frag ~= nil, type(ip.frag))
print(d:layout(ip) == d)
print(d.version, d.ihl, d.len, d.df, d.frag, d.lelen, d.ttlproto)
print(d.tail == "\xfe\x11", d.beyond, d.wide)

-- writes go to the bits of the field only
d.ihl = 0xff     -- truncated to 4 bits
d.df = 0
d.frag = 0x1fff
print(string.format("%02x %02x %02x", tostring(d):byte(1, 1), tostring(d):byte(5, 6)))
d.lelen = 0x0102
print(d.len, d.lelen)
d.tail = "abc"   -- at most the field's length
print(tostring(d):sub(7))

-- a method is looked up before a field of the same name, and never overwritten
local m = data.new(2)
m:layout{segment = {0, 8}, x = {0, 16}}
print(type(m.segment))
m.segment = 1
print(type(m.segment), m.x)

-- 64-bit fields read as signed integers; an unaligned one spans nine bytes
local w = data.new(9)
w:layout{all = {0, 64}, shifted = {4, 64}, le = {0, 64, "number", "le"}, top = {0, 4}, last = {68, 4}}
w.shifted = -1
print(w.all, w.top, w.last, string.format("%x", w.le))
w.le = 0x0102030405060708
print(string.format("%x", w.all))

-- a layout table applied directly is made a layout first
local s = data.new("hello, world")
print(s:layout{greeting = {0, 5, "string"}, word = {7, 5, "s"}}.word, s.greeting)

-- bad layouts are refused, and leave the table as it was
local bad = {ok = {0, 8}, neg = {-8, 8}}
print(pcall(data.layout, bad))
print(type(bad.ok), bad.__layout_stamp)
print(pcall(data.layout, {f = {0, -1}}))
-- types and byte orders are read by their first letter, as Luadata does; others are the defaults
local odd = data.new{0x12, 0x34}
odd:layout{f = {0, 16, "float"}, g = {0, 16, "n", "pdp"}, h = {0, 16, "numeral", "lsb"}, s = {offset = 0, length = 2, endian = "string"}}
print(string.format("%x %x %x %x", odd.f, odd.g, odd.h, odd.s))
print(pcall(data.layout, {f = "0,8"}))
print(pcall(data.layout, {f = {"0", 8}}))
print(pcall(data.layout, 42))
print(next(data.layout{gone = {0, 0}}))
