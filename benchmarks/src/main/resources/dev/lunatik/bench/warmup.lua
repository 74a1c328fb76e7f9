-- Opcode warm-up for the JMH benchmarks (kernel Lua: integer-only).
--
-- HotSpot's C2 compiles the interpreter's dispatch loop from the profile gathered so far: an
-- opcode never seen before compilation becomes an uncommon trap, and a benchmark that only ever
-- ran ADD/FORLOOP would measure a dispatch loop specialised for that benchmark alone. Every
-- benchmark therefore runs this chunk first; one call of the returned function executes every
-- opcode family of the instruction set (all but LOADKX/EXTRAARG, which need over 2^17 constants
-- in one function) plus the common metamethod and library-call paths.
local select, setmetatable, pairs, ipairs, pcall, error, tostring, rawset =
      select, setmetatable, pairs, ipairs, pcall, error, tostring, rawset
local wrap, yield = coroutine.wrap, coroutine.yield

local Class = {}
Class.__index = Class
function Class.new(v) return setmetatable({v = v}, Class) end
function Class:get() return self.v end
function Class:add(k) self.v = self.v + k; return self end
Class.__add = function(a, b) return Class.new(a.v + b.v) end          -- arithmetic metamethod
Class.__lt = function(a, b) return a.v < b.v end                      -- comparison metamethod
Class.__call = function(self, k) return self.v + k end                -- calling a table
local log = setmetatable({}, {__newindex = function(t, k, v) rawset(t, k, v + 1) end})

local lazy = setmetatable({}, {__index = function(_, k) return k * 2 end,
                               __len = function() return 5 end})
local closable = setmetatable({}, {__close = function() end})

local function va(...)                       -- VARARG
  local a, b = ...
  return select('#', ...) + (a or 0) + (b or 0)
end

local function countdown(n)                  -- TAILCALL
  if n <= 0 then return 0 end
  return countdown(n - 1)
end

local function multi() return 1, 2, 3 end    -- RETURN with several values

WARM_GLOBAL = 0

return function(n)
  local acc = 0
  for i = 1, n do                            -- FORPREP, FORLOOP
    local a, b = i, 7                        -- MOVE, LOADI
    local big = 1000000000000 + i            -- LOADK
    local f, nothing = false, nil            -- LOADBOOL, LOADNIL
    local s = "k" .. i .. "x"                -- CONCAT
    local t = {1, 2, 3, multi()}             -- NEWTABLE, SETLIST (open)
    t.x = a; t[s] = b; t[10] = big           -- SETTABLE
    local r = t.x + t[1] + t[s] + t[10] % 97 -- GETTABLE
    r = r + a - b * 3 % 5 // 2 + a / 3       -- ADD, SUB, MUL, MOD, IDIV
    r = r + (a & b) + (a | 12) + (a ~ b) + (a << 2) + (big >> 3) % 11 + ~a + -b
    r = r + #t + #s + #lazy + lazy[3]        -- LEN, metamethods
    if not f and nothing == nil then r = r + 1 end       -- NOT, EQ, TEST, JMP
    if a < b then r = r + 1 elseif a <= b + 1 then r = r - 1 else r = r + 2 end
    if s == "k1x" or s < "k5" then r = r + 3 end          -- string EQ, LT
    local v = t.missing or a                 -- TESTSET
    local w = t.x and b                      -- TESTSET
    WARM_GLOBAL = WARM_GLOBAL + 1            -- GETTABUP, SETTABUP
    local o = Class.new(v)
    r = r + o:add(w):get()                   -- SELF, CALL
    local up = 0
    local function bump(k) up = up + k; return up end    -- CLOSURE, GETUPVAL, SETUPVAL
    r = r + bump(1) + bump(2) + va(a, b, 3) + va() + countdown(3)
    for k, x in pairs(t) do                  -- TFORPREP, TFORCALL, TFORLOOP
      if x == b then r = r + 1 end
    end
    for _, x in ipairs(t) do r = r + x end
    local j = 0
    while j < 3 do j = j + 1 end             -- while: LT, JMP
    repeat j = j - 1 until j <= 0            -- repeat: LE
    do
      local c <close> = closable             -- TBC, CLOSE
      r = r + j
    end
    local ok, res = pcall(va, 1, 2)
    if ok then r = r + res end
    if i % 16 == 0 then                      -- error path, caught
      local ok2 = pcall(error, "boom")
      if not ok2 then r = r + 1 end
    end
    local p = o + Class.new(2)               -- __add, __lt, __call, __newindex
    if o < p then r = r + p(1) end
    log[i % 4 + 1] = r % 100
    for k = 10, 1, -3 do r = r + k end       -- negative step
    local gen = wrap(function(x)             -- coroutine switch inside the interpreter
      local y = yield(x + 1)
      return y * 2
    end)
    r = r + gen(i) + gen(3)
    r = r + #tostring(r)
    acc = (acc + r) % 1000000007
  end
  return acc
end
