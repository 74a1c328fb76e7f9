package dev.lunatik.vm.interp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunatik.vm.api.JitMode;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.bytecode.Proto;
import org.junit.jupiter.api.Test;

/**
 * Calls without frames ({@link JitCode#direct}): which functions get frameless code, and that
 * whatever looks at the frames it did not push (errors and their tracebacks, the debug library,
 * hooks set below it, yields, the budget, metamethods) sees exactly the frames the interpreter
 * would have had. Each program runs with the interpreter only and with everything compiled on
 * its first call, and must give the same, expected, outcome.
 */
class DirectCallTest {
    private static LuaState state(JitMode mode) {
        return JitTest.state(mode);
    }

    private static String outcome(JitMode mode, String src) {
        return JitTest.outcome(mode, src);
    }

    /** The same outcome in both tiers, and the one expected. */
    private static void same(String src, String expected) {
        JitTest.same(src, expected);
    }

    /** The same outcome in both tiers, containing {@code part}. */
    private static void sameContaining(String src, String part) {
        String compiled = outcome(JitMode.ALWAYS, src);
        assertThat(compiled).isEqualTo(outcome(JitMode.NEVER, src)).contains(part);
    }

    /** The compiled code of function {@code k} of the chunk {@code src}, after running it. */
    private static JitCode codeOf(LuaState L, String src, int k) {
        LuaClosure chunk = (LuaClosure) L.load(src, "=t");
        L.call(chunk);
        return (JitCode) chunk.p.protos[k].jit;
    }

    @Test
    void simpleFunctionsGetFramelessCodeAndOthersDoNot() {
        try (LuaState L = state(JitMode.ALWAYS)) {
            String src = """
                    local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
                    local function va(...) return ... end
                    local function mk(x) return function() return x end end
                    local function open(f) return f(f()) end
                    local function tab(a) return {a} end
                    fib(5) va(1) mk(1) open(va) tab('a')""";
            LuaClosure chunk = (LuaClosure) L.load(src, "=t");
            L.call(chunk);
            Proto[] ps = chunk.p.protos;
            assertThat(((JitCode) ps[0].jit).directOk).as("fib").isTrue();
            assertThat(((JitCode) ps[3].jit).directOk).as("f(f()): a call's open results taken by the next").isTrue();
            for (int k : new int[] {1, 2, 4}) assertThat(((JitCode) ps[k].jit).directOk).as("function %d", k).isFalse();
            assertThat(((JitCode) chunk.p.jit).directOk).as("main chunk (vararg)").isFalse();
        }
    }

    @Test
    void aSlowPathStopsFramelessCodeAndCountsAgainstIt() {
        try (LuaState L = state(JitMode.ALWAYS)) {
            JitCode add = codeOf(L, """
                    local function add(x) return x + 1 end
                    local v = setmetatable({}, {__add = function() return 10 end})
                    assert(add(1) == 2)
                    assert(add(v) == 10)
                    assert(add(v) == 10)
                    assert(add(2) == 3)""", 0);
            assertThat(add.deopts).isEqualTo(2);
            assertThat(add.directOk).isTrue();
        }
    }

    /**
     * Comparing a table with nil, a number or a string ({@code node ~= nil}, the test of every
     * linked-list walk) is decided without metamethods, so frameless code does not stop for it;
     * two tables still go to the slow path, where __eq decides.
     */
    @Test
    void comparingATableWithANonTableDoesNotStopFramelessCode() {
        String src = """
                local function len(node) local n = 0 while node ~= nil do n = n + 1 node = node.next end return n end
                local function same(a, b) return a == b end
                local list
                for i = 1, 5 do list = {next = list} end
                for i = 1, 300 do assert(len(list) == 5) end
                local mt = {__eq = function() return true end}
                local x, y = setmetatable({}, mt), setmetatable({}, mt)
                return tostring(list ~= nil) .. tostring(list == 1) .. tostring(list == "t") .. tostring(same(x, y))
                  .. tostring(same(x, 1)) .. tostring(same(x, nil)) .. tostring(same(x, x))""";
        try (LuaState L = state(JitMode.ALWAYS)) {
            JitCode len = codeOf(L, src, 0);
            assertThat(len.deopts).isZero();
            assertThat(len.directOk).isTrue();
        }
        same(src, "truefalsefalsetruefalsefalsetrue");
    }

    /**
     * Storing nil to a field a table lacks (or once had: a dead key) and storing a value into a
     * dead key's node grow nothing, so frameless code makes them in place ({@code node.next =
     * nil}); a table whose metatable has {@code __newindex} still takes the general path.
     */
    @Test
    void storesThatGrowNothingDoNotStopFramelessCode() {
        String src = """
                local function unlink(node, other) node.next = nil node.prev = other return node end
                local a, b = {v = 1, prev = 0}, {v = 2}
                for i = 1, 300 do unlink(a, b) unlink(a, nil) unlink(b, nil) end
                local log = {}
                local guarded = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k end})
                unlink(guarded, 5)
                local n = 0
                for _ in pairs(a) do n = n + 1 end
                return tostring(a.next) .. tostring(a.prev) .. n .. tostring(b.prev) .. #log .. log[1] .. log[2]""";
        try (LuaState L = state(JitMode.ALWAYS)) {
            JitCode unlink = codeOf(L, src, 0);
            assertThat(unlink.deopts).isLessThanOrEqualTo(2); // the __newindex table's stores only
            assertThat(unlink.directOk).isTrue();
        }
        same(src, "nilnil1nil2nextprev");
    }

    /**
     * Two tables neither of whose metatables has {@code __eq} compare by identity without
     * leaving frameless code; an {@code __eq} on either side is still called.
     */
    @Test
    void comparingTwoTablesWithoutEqStaysOnTheFastPath() {
        String src = """
                local function same(x, y) return x == y end
                local plain, other = {}, setmetatable({}, {__index = {}})
                local n = 0
                for i = 1, 300 do if not same(plain, other) and same(plain, plain) then n = n + 1 end end
                local eq = setmetatable({}, {__eq = function() return true end})
                return n .. tostring(same(plain, eq)) .. tostring(same(eq, plain)) .. tostring(same(eq, {}))""";
        try (LuaState L = state(JitMode.ALWAYS)) {
            JitCode same = codeOf(L, src, 0);
            assertThat(same.deopts).isLessThanOrEqualTo(3);
            assertThat(same.directOk).isTrue();
        }
        same(src, "300truetruetrue");
    }

    /**
     * A tail call of a Java function from compiled code ({@code return setmetatable(o, mt)})
     * is made in place, as the interpreter makes it: every result returned, open upvalues closed
     * first, and an error's traceback the interpreter's.
     */
    @Test
    void tailCallsOfJavaFunctionsReturnAllTheirResults() {
        same("""
                local mt = {__index = {kind = "obj"}}
                local function new(v) return setmetatable({v = v}, mt) end
                local function three(...) return select(2, ...) end
                local function counter() local n = 0 local function inc() n = n + 1 return n end return rawequal(inc, inc), inc end
                local s = 0
                for i = 1, 300 do s = s + new(i).v + select("#", three(i, i, i, i)) end
                local _, inc = counter()
                inc() inc()
                local function fail(x) return error("bad " .. x) end
                local ok, err = pcall(fail, 7)
                return s .. new(1).kind .. select("#", three(1, 2, 3)) .. inc() .. tostring(ok) .. err""",
                "46050obj23falset:9: bad 7");
        sameContaining("""
                local function fail(x) return error("bad " .. x) end
                for i = 1, 300 do pcall(fail, i) end
                fail(1)""", "bad 1");
    }

    /**
     * A store of a new key grows the table in frameless code (an object gaining a field, a list
     * node getting its first link) unless a collection is due, so it stops only now and then;
     * over a memory limit it stops, and the store raises with frames, as in the interpreter.
     */
    @Test
    void aStoreThatGrowsATableStopsFramelessCodeOnlyWhenACollectionIsDue() {
        String src = """
                local function link(node, other) node.next = other other.prev = node return other end
                local first = {}
                local node = first
                for i = 1, 300 do node = link(node, {}) end
                local n = 0
                node = first
                while node ~= nil do n = n + 1 node = node.next end
                return n .. tostring(first.next.prev == first)""";
        try (LuaState L = state(JitMode.ALWAYS)) {
            JitCode link = codeOf(L, src, 0);
            assertThat(link.directOk).isTrue();
            assertThat(link.deopts).as("stops, each with a collection due").isLessThan(30);
        }
        same(src, "301true");
        String grow = """
                local function add(t, k) t[k] = k return k end
                local ok, e = pcall(function() local t = {} for i = 1, 1e9 do add(t, i .. 'k') end end)
                return tostring(ok) .. ' ' .. e""";
        String[] out = new String[2];
        JitMode[] modes = {JitMode.NEVER, JitMode.ALWAYS};
        for (int k = 0; k < 2; k++) {
            try (LuaState L = LuaState.builder().jit(modes[k]).memoryLimit(2 << 20).build()) {
                out[k] = L.toDisplayString(L.execute(grow.replace("1e9", "1000000000"), "=t")[0]);
            }
        }
        assertThat(out[1]).isEqualTo(out[0]).isEqualTo("false not enough memory");
    }

    @Test
    void aFunctionThatKeepsStoppingRunsWithItsFrameFromThenOn() {
        try (LuaState L = state(JitMode.ALWAYS)) {
            JitCode put = codeOf(L, """
                    local function put(t, k) t[k] = k return k end
                    local t = setmetatable({}, {__newindex = function(t, k, v) rawset(t, k, v) end})
                    for i = 1, 1000 do put(t, 'k' .. i) end
                    assert(#t == 0 and t.k1000 == 'k1000')""", 0);
            assertThat(put.directOk).isFalse();
            assertThat(put.deopts).isEqualTo(Jit.DEOPT_LIMIT);
        }
    }

    @Test
    void genericForsOverIpairsAndNextRunFramelessAndOtherIteratorsStop() {
        try (LuaState L = state(JitMode.ALWAYS)) {
            JitCode keys = codeOf(L, """
                    local function keys(t) local n = 0 for k in next, t do n = n + 1 end return n end
                    local function sum(t) local s = 0 for _, v in ipairs(t) do s = s + v end return s end
                    local t = {1, 2, 3, x = 4}
                    for i = 1, 50 do assert(sum(t) == 6 and keys(t) == 4) end
                    local function it(s, c) if c < 3 then return c + 1, c end end
                    local function lua(s) local r = 0 for c in it, s, 0 do r = r + c end return r end
                    assert(lua(0) == 6)""", 0);
            assertThat(keys.directOk).isTrue();
            assertThat(keys.deopts).as("next's steps taken in place").isZero();
        }
        try (LuaState L = state(JitMode.ALWAYS)) {
            JitCode sum = codeOf(L, """
                    local function sum(t) local s = 0 for _, v in ipairs(t) do s = s + v end return s end
                    local function keys(t) local n = 0 for k, v in pairs(t) do n = n + v end return n end
                    local t = {1, 2, 3, x = 4}
                    for i = 1, 50 do assert(sum(t) == 6 and keys(t) == 10) end""", 0);
            assertThat(sum.directOk).isTrue();
            assertThat(sum.deopts).as("ipairs called without a frame").isZero();
        }
        same("""
                local function sum(t) local s = 0 for _, v in ipairs(t) do s = s + v end return s end
                local function it(s, c) if c < 3 then return c + 1, c end end
                local function lua(s) local r = 0 for c in it, s, 0 do r = r + c end return r end
                local p = setmetatable({}, {__index = function(_, i) if i <= 4 then return i * 10 end end})
                local function keys(t) local n = 0 for k, v in pairs(t) do n = n + v end return n end
                local q = setmetatable({}, {__pairs = function(t) return function(_, k) if not k then return 1, 7 end end, t, nil end})
                local total = 0
                for i = 1, 30 do total = total + sum({i, i}) + lua(i) + sum(p) + keys({i, x = i}) + keys(q) end
                local ok, e = pcall(function() local r = 0 for i = 1, 3 do r = r + sum() end return r end)
                return total .. ' ' .. tostring(ok) .. ' ' .. e""", "5250 false attempt to index a nil value");
    }

    @Test
    void resultsFewerOrMoreThanWantedAreNilOrDropped() {
        same("""
                local function two() return 1, 2 end
                local function none() return end
                local function g()
                  local a, b, c = two()
                  local d, e = none()
                  local f = two()
                  return c == nil and d == nil and e == nil and a == 1 and b == 2 and f == 1
                end
                local ok = true
                for i = 1, 50 do ok = ok and g() end
                return ok""", "true");
    }

    @Test
    void argumentsFewerOrMoreThanParametersAreNilOrDropped() {
        // up to JitCode.VALUE_ARGS arguments go as values; a count other than the callee's
        // parameters goes through the stack, and more than VALUE_ARGS through the stack only
        same("""
                local function p0() return 7 end
                local function p1(a) return a end
                local function p2(a, b) return tostring(a) .. tostring(b) end
                local function p3(a, b, c) return tostring(a) .. tostring(b) .. tostring(c) end
                local function p5(a, b, c, d, e) return tostring(a) .. tostring(e) end
                local function t2(a, b) return p2(b, a) end
                local function t1(a) return p3(a) end
                local function t5(a) return p5(a, 2, 3, 4) end
                local function g(i)
                  local s = p0(i, i) .. tostring(p1()) .. tostring(p1(i, 1, 2, 3, 4)) .. p2(i) .. p2(i, 1, 2, 3)
                  s = s .. p3(1, 2) .. p3(1, 2, 3, 4) .. p5(i) .. p5(1, 2, 3, 4, 5, 6) .. t2(i, 9) .. t1(i) .. t5(i)
                  return s
                end
                local r
                for i = 1, 50 do r = g(i) end
                return r""", "7nil50" + "50nil501" + "12nil123" + "50nil15" + "950" + "50nilnil" + "50nil");
    }

    @Test
    void leafJavaFunctionsAreCalledWithoutAFrame() {
        try (LuaState L = state(JitMode.ALWAYS)) {
            JitCode f = codeOf(L, """
                    local function f(t, k)
                      return type(t) .. rawget(t, k) .. rawlen(t) .. select(2, 'a', 'b') .. tonumber('12') .. rawlen(rawget(t, 3)) .. ':' .. k
                    end
                    local r
                    for i = 1, 50 do r = f({7, 8, {1, 2, 3}}, 1 + i % 2) end
                    assert(r == 'table73b123:1', r)""", 0);
            assertThat(f.directOk).isTrue();
            assertThat(f.deopts).as("leaf functions and concatenation taken in place").isZero();
        }
    }

    @Test
    void anErrorInALeafFunctionIsRaisedFromTheFramesTheInterpreterWouldHave() {
        // the call is made again with frames: the message names the function and the caller's
        // line, the traceback shows every caller
        sameContaining("""
                local function leaf(x) return rawlen(x) end
                local function mid(x) local n = leaf(x) return n end
                for i = 1, 30 do mid({}) end
                local ok, tb = xpcall(mid, debug.traceback, 5)
                return tb""", "bad argument #1 to 'rawlen' (table or string expected");
        sameContaining("""
                local function check(x) assert(x > 0, 'not positive') return x end
                local function mid(x) local n = check(x) return n end
                for i = 1, 30 do mid(i) end
                local ok, tb = xpcall(mid, debug.traceback, -1)
                return tb""", "t:1: not positive");
    }

    @Test
    void concatenationRunsFramelessAndItsSlowCasesAsTheInterpreters() {
        same("""
                local function cat(a, b) return a .. '-' .. b .. 7 end
                local mt = {__concat = function(x, y) return 'meta' end}
                local obj = setmetatable({}, mt)
                local r = {}
                for i = 1, 30 do r[1] = cat('x', i) end
                r[2] = cat(obj, 1)
                local ok, e = pcall(cat, 'a', nil)
                r[3] = e
                return r[1] .. ' ' .. r[2] .. ' ' .. r[3]""",
                "x-307 meta t:1: attempt to concatenate a nil value (local 'b')");
    }

    @Test
    void theMemoryLimitInAFramelessCallIsReachedWithFrames() {
        // an allocation over the limit would collect at once; frameless callers keep values the
        // collector cannot see, so the allocation raises and the instruction runs again framed
        String src = """
                local function grow(s) return s .. s end
                local function twice(s) local r = grow(s) return r end
                local s = 'x'
                local ok, e = pcall(function() while true do s = twice(s) end end)
                return tostring(ok) .. ' ' .. e .. ' ' .. #s""";
        String[] out = new String[2];
        JitMode[] modes = {JitMode.NEVER, JitMode.ALWAYS};
        for (int k = 0; k < 2; k++) {
            try (LuaState L = LuaState.builder().jit(modes[k]).memoryLimit(4 << 20).build()) {
                Object[] r = L.execute(src, "=t");
                out[k] = L.toDisplayString(r[0]);
            }
        }
        assertThat(out[1]).isEqualTo(out[0]).startsWith("false not enough memory");
        try (LuaState L = state(JitMode.ALWAYS)) {
            L.setMemoryLimit(1 << 20);
            dev.lunatik.vm.gc.Collector gc = ((LuaThread) L.mainThread()).g.gc;
            gc.inLeafCall = true;
            assertThatThrownBy(() -> gc.allocate(2 << 20)).hasMessage("not enough memory");
            gc.inLeafCall = false;
        }
    }

    @Test
    void aFunctionTakenOffFramelessCallsGetsThemBackAfterManyFramedOnes() {
        try (LuaState L = state(JitMode.ALWAYS)) {
            JitCode put = codeOf(L, """
                    local function put(t, k) t[k] = k return k end
                    local t = setmetatable({}, {__newindex = function(t, k, v) rawset(t, k, v) end})
                    for i = 1, 1000 do put(t, 'k' .. i) end
                    for i = 1, 20000 do put(t, 'k1') end""", 0);
            assertThat(put.directOk).as("tried again after %d framed calls", Jit.DIRECT_RETRY).isTrue();
            assertThat(put.deopts).isZero();
        }
    }

    @Test
    void aCallsOpenResultsReachTheNextCallOrReturnWhateverStops() {
        // f(g(x)) and return x, g(y): the top between the two, also when the consumer needs a
        // frame (a vararg function), the producer stops inside (a metamethod) or gives 0 to 3 results
        same("""
                local function many(n) if n == 0 then return end if n == 1 then return 'a' end return 'a', 'b', 'c' end
                local function count(a, b, c) return (a and 1 or 0) + (b and 1 or 0) + (c and 1 or 0) end
                local function nargs(...) return select('#', ...) end
                local add = setmetatable({}, {__add = function(x, y) return 5, 6 end})
                local function sum(x, y) return x + y end
                local function viaTail(n) return count(many(n)) end
                local function viaCall(n) local r = count(many(n)) return r end
                local function viaVararg(n) local r = nargs(1, many(n)) return r end
                local function viaReturn(n) return n, many(n) end
                local function stopsInside(x) local r = nargs(sum(x, 1)) return r end
                local function chain(n) local r = count(many(rawlen(many(n)))) return r end
                local out = {}
                for i = 1, 40 do
                  local n = i % 3 * (i % 4 == 0 and 0 or 1) + (i % 5 == 0 and 2 or 0)
                  n = n > 3 and 3 or n
                  out[#out + 1] = viaTail(n) .. viaCall(n) .. viaVararg(n) .. select('#', viaReturn(n)) .. stopsInside(i % 7 == 0 and add or i)
                end
                local ok, e = pcall(chain, 3)
                return out[1] .. out[7] .. out[20] .. out[40] .. tostring(ok)""",
                "11221" + "11221" + "33441" + "33441" + "true");
    }

    @Test
    void hostCallsRunFramelessAndTheirStopsBecomeFrames() {
        try (LuaState L = state(JitMode.ALWAYS)) {
            L.execute("""
                    local function va(...) return select('#', ...) end
                    function inc(x) return x + 1 end
                    function two(x, y) if y then return x, va(x, y) end return x end
                    function deep(n) if n == 0 then return va(1, 2, 3) end return deep(n - 1) end""", "=t");
            Object inc = L.getGlobal("inc");
            for (long k = 0; k < 100; k++) assertThat(L.call(inc, k)).containsExactly(k + 1);
            assertThat(((LuaClosure) inc).p.jit).isInstanceOf(JitCode.class);
            assertThat(((JitCode) ((LuaClosure) inc).p.jit).directOk).isTrue();
            assertThatThrownBy(() -> L.call(inc, "x")).hasMessageContaining("attempt to perform arithmetic on a string value (local 'x')");
            assertThat(L.call(L.getGlobal("two"), 5L)).containsExactly(5L);
            assertThat(L.call(L.getGlobal("two"), 5L, 6L)).containsExactly(5L, 2L);
            assertThat(L.call(L.getGlobal("deep"), 50L)).containsExactly(3L);
            Object[] tb = L.execute("""
                    local ok, tb = xpcall(inc, debug.traceback, {})
                    return tb""", "=u");
            assertThat(tb[0].toString()).contains("t:2: in function 'inc'\n\t[C]: in function 'xpcall'");
            assertThat(((LuaThread) L.mainThread()).nframes).isZero();
        }
    }

    @Test
    void tailCallsWithoutFramesLookLikeTheInterpreters() {
        same("""
                local function count(n, acc) if n == 0 then return acc end return count(n - 1, acc + 1) end
                return count(100000, 0)""", "100000");
        sameContaining("""
                local bad = {}
                local function inner(n) return n + bad end
                local function mid(n) return inner(n) end
                local function outer(n) local r = mid(n) return r end
                local ok, tb = xpcall(outer, debug.traceback, 1)
                return tb""", "(...tail calls...)");
        same("""
                local function str(x) return tostring(x) end
                local function g(x) local s = str(x) return s end
                local r = '' for i = 1, 5 do r = r .. g(i) end return r""", "12345");
        same("""
                local function level() return debug.getinfo(2, 'n').name end
                local function via() return level() end
                local function top() local n = via() return n end
                return tostring(top())""", outcome(JitMode.NEVER, """
                local function level() return debug.getinfo(2, 'n').name end
                local function via() return level() end
                local function top() local n = via() return n end
                return tostring(top())"""));
    }

    @Test
    void anErrorDeepInFramelessCallsHasTheInterpretersTraceback() {
        sameContaining("""
                local bad = {}
                local function f(n) if n == 0 then return n + bad end return f(n - 1) + 1 end
                local function g(n) return f(n) * 2 end
                local ok, tb = xpcall(g, debug.traceback, 6)
                return tb""", "attempt to perform arithmetic on a table value");
        sameContaining("""
                local function f(n) if n == 0 then error('boom') end return f(n - 1) + 1 end
                local ok, tb = xpcall(f, debug.traceback, 5)
                return tb""", "t:1: boom");
        same("""
                local function get(t) return t.x.y end
                local ok, e = pcall(function() return get({x = {y = 1}}) + get({}) end)
                return e""", "t:1: attempt to index a nil value (field 'x')");
    }

    @Test
    void theDebugLibrarySeesEveryFramelessCaller() {
        same("""
                local function probe()
                  local s = ''
                  for level = 2, 6 do
                    local name, v = debug.getlocal(level, 1)
                    s = s .. name .. '=' .. v .. '@' .. debug.getinfo(level, 'l').currentline .. ' '
                  end
                  return s
                end
                local function f(n)
                  if n == 0 then local r = probe() return r end
                  local r = f(n - 1)
                  return r
                end
                local function g(n) local r = f(n) return r end
                return g(3)""", "n=0@10 n=1@11 n=2@11 n=3@11 n=3@14 ");
    }

    @Test
    void localsWrittenOnlyInFramelessCodeReachTheFramesItBecomes() {
        // m lives in a JVM local until the stop: the frames must have it, below a stopped
        // callee (where the interpreter finishes r + m) and at a slow path (where it adds v)
        same("""
                local seen = ''
                local function probe()
                  for level = 2, 5 do seen = seen .. select(2, debug.getlocal(level, 2)) .. ' ' end
                  return 0
                end
                local function f(n)
                  local m = n * 10
                  if n == 0 then local r = probe() return r end
                  local r = f(n - 1)
                  return r + m
                end
                local v = setmetatable({}, {__add = function(a, b) return 1000 end})
                local function g(x, y)
                  local k = x * 3
                  local j = y + 7
                  local w = x + v
                  return k + j + w
                end
                local s = 0
                for i = 1, 30 do s = s + g(i, i) end
                return f(3) .. ' ' .. seen .. s""", "60 0 10 20 30 32070");
    }

    /**
     * A call hook turns frameless calls of compiled callers back into calls with frames, so each
     * is an event (a coroutine inherits the mask but not the function: none there); with the
     * hook removed they run frameless again. The thread's bound for frameless calls carries the
     * hook mask.
     */
    @Test
    void aCallHookSeesEveryCallACompiledCallerMakes() {
        same("""
                local function f(x) return x + 1 end
                local function loop(n) local s = 0 for i = 1, n do s = s + f(i) end return s end
                loop(1000)
                local calls = 0
                debug.sethook(function() calls = calls + 1 end, 'c')
                local a = loop(100)
                local b = coroutine.wrap(function() return loop(10) end)()
                debug.sethook()
                local quiet = calls
                local c = loop(100)
                return a .. ' ' .. b .. ' ' .. c .. ' ' .. quiet .. ' ' .. calls""", "5150 65 5150 104 104");
    }

    /** Frameless code reads a function's first upvalue from the closure itself: {@code debug.upvaluejoin} must reach it there. */
    @Test
    void aJoinedFirstUpvalueIsTheOneFramelessCodeReads() {
        same("""
                local a, b = 1, 2
                local function fa() return a end
                local function fb() return b end
                local function call() local s = 0 for i = 1, 3 do s = s + fa() end return s end
                local before = call()
                debug.upvaluejoin(fa, 1, fb, 1)
                local after = call()
                b = 5
                return before .. ' ' .. after .. ' ' .. call() .. ' ' .. a""", "3 6 15 1");
    }

    /**
     * A recursive call of the caller's own closure goes straight to its own code, but only while
     * the variable still holds that closure: once it holds another function, or another closure
     * of the same function, the call must reach that one. A stop deep in the recursion still
     * becomes every frame.
     */
    @Test
    void selfRecursionFollowsTheVariableItCallsThrough() {
        same("""
                local function mk(tag)
                  local function f(n) if n == 0 then return tag end local r = f(n - 1) return r end
                  return f, function(v) f = v end
                end
                local f1, set1 = mk('one')
                local f2 = mk('two')
                local a = f1(50)
                set1(f2)
                local b = f1(50)
                set1(function(n) return 'other' .. n end)
                local c = f1(50)
                local function count(n) if n == 0 then error('bottom') end return count(n - 1) + 1 end
                local ok, err = pcall(count, 200)
                local frames = 0
                local function handler(e)
                  local l = 1
                  while debug.getinfo(l, 'l') do l = l + 1 end
                  frames = l
                  return e
                end
                xpcall(count, handler, 20)
                return a .. ' ' .. b .. ' ' .. c .. ' ' .. tostring(ok) .. ' ' .. err .. ' ' .. frames""",
                "one two other49 false t:12: bottom 27");
    }

    @Test
    void hooksSetBelowFramelessCallersSeeTheirReturns() {
        same("""
                local events = 0
                local function hook() events = events + 1 end
                local function arm() debug.sethook(hook, 'r') end
                local function f(n)
                  if n == 0 then arm() return 0 end
                  return f(n - 1) + 1
                end
                local r = f(7)
                debug.sethook()
                return r .. ' ' .. events""", "7 10");
    }

    @Test
    void aYieldBelowFramelessCallersSuspendsAndResumesThem() {
        same("""
                local function g(n) if n == 0 then local v = coroutine.yield(1) return v end return g(n - 1) + 1 end
                local co = coroutine.wrap(function() return g(10) end)
                local a = co()
                local b = co(5)
                return a .. ':' .. b""", "1:15");
    }

    @Test
    void metamethodsAndIndexFunctionsRunFromFramelessCode() {
        same("""
                local mt = {__index = function(t, k) return k * 2 end, __lt = function(a, b) return true end}
                local function get(t, k) return t[k] end
                local function less(a, b) return a < b end
                local o = setmetatable({}, mt)
                local s = 0
                for i = 1, 30 do s = s + get(o, i) + (less(o, o) and 1 or 0) + (less(i, 3) and 100 or 0) end
                return s""", "1160");
    }

    @Test
    void endlessRecursionIsTheSameStackOverflow() {
        same("""
                local function f(n) return f(n + 1) + 1 end
                local ok, e = pcall(f, 1)
                return (e:gsub('%d+', 'N'))""", outcome(JitMode.NEVER, """
                local function f(n) return f(n + 1) + 1 end
                local ok, e = pcall(f, 1)
                return (e:gsub('%d+', 'N'))"""));
        assertThat(outcome(JitMode.NEVER, "local function f(n) return f(n + 1) + 1 end return select(2, pcall(f, 1))"))
                .contains("stack overflow");
    }

    @Test
    void theBudgetStopsFramelessRecursionAtTheSameCall() {
        String src = """
                calls = 0
                local function f(n) calls = calls + 1 if n == 0 then return 0 end return f(n - 1) + f(n - 1) end
                while true do f(12) end""";
        long[] counts = new long[2];
        JitMode[] modes = {JitMode.NEVER, JitMode.ALWAYS};
        for (int k = 0; k < 2; k++) {
            try (LuaState L = state(modes[k])) {
                L.setInstructionLimit(20_000);
                assertThatThrownBy(() -> L.execute(src, "=t")).hasMessageContaining("instruction limit exceeded");
                counts[k] = (Long) L.getGlobal("calls");
            }
        }
        assertThat(counts[1]).isEqualTo(counts[0]).isGreaterThan(0);
    }

    @Test
    void anInterruptStopsFramelessRecursion() {
        try (LuaState L = state(JitMode.ALWAYS)) {
            Thread stopper = new Thread(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
                L.interrupt();
            });
            stopper.start();
            assertThatThrownBy(() -> L.execute("""
                    local function f(n) if n == 0 then return 0 end return f(n - 1) + f(n - 1) end
                    while true do f(16) end""", "=t")).hasMessageContaining("interrupted");
        }
    }
}
