package dev.lunatik.vm.interp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunatik.vm.api.JitMode;
import dev.lunatik.vm.bytecode.Instruction;
import dev.lunatik.vm.bytecode.Op;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.lib.DebugLib;
import dev.lunatik.vm.value.LuaError;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The compiling tier: which functions it compiles in each mode, and that nothing observable
 * changes. Each program runs with the interpreter only and with every function compiled on its
 * first call, and must give the same, expected, result: yields from every kind of yield point
 * inside compiled frames, errors with their messages, hooks, the debug library and the budget.
 */
class JitTest {
    static LuaState state(JitMode mode) {
        return LuaState.builder().jit(mode).stackLimit(100_000).library(DebugLib.LIBRARY)
                .stdout(new PrintStream(new ByteArrayOutputStream(), true)).build();
    }

    /** The program's first result as a string, or the error's message. */
    static String outcome(JitMode mode, String src) {
        try (LuaState L = state(mode)) {
            Object[] r = L.execute(src, "=t");
            return r.length == 0 ? "(none)" : L.toDisplayString(r[0]);
        } catch (LuaError e) {
            return "error: " + e.getMessage();
        }
    }

    /** Runs {@code src} in both tiers: the same outcome, the one expected. */
    static void same(String src, String expected) {
        assertThat(outcome(JitMode.ALWAYS, src)).isEqualTo(outcome(JitMode.NEVER, src)).isEqualTo(expected);
    }

    @Test
    void alwaysCompilesEveryFunctionOnItsFirstCall() {
        try (LuaState L = state(JitMode.ALWAYS)) {
            LuaClosure chunk = (LuaClosure) L.load("local function f(x) return x + 1 end; return f(1)", "=t");
            assertThat(L.call(chunk)).containsExactly(2L);
            assertThat(chunk.p.jit).isInstanceOf(JitCode.class);
            assertThat(chunk.p.protos[0].jit).isInstanceOf(JitCode.class);
        }
    }

    @Test
    void neverCompilesNothingEvenWhenHot() {
        try (LuaState L = state(JitMode.NEVER)) {
            LuaClosure chunk = (LuaClosure) L.load("local s = 0; for i = 1, 100000 do s = s + i end; return s", "=t");
            assertThat(L.call(chunk)).containsExactly(5000050000L);
            assertThat(chunk.p.jit).isNull();
        }
    }

    @Test
    void autoCompilesAHotLoopAndAHotFunctionButNotAColdOne() {
        try (LuaState L = state(JitMode.AUTO)) {
            LuaClosure chunk = (LuaClosure) L.load("""
                    local function hot(x) return x * 2 end
                    local function cold(x) return x end
                    local s = cold(0)
                    for i = 1, 1000 do s = s + hot(i) end
                    return s""", "=t");
            assertThat(L.call(chunk)).containsExactly(1001000L);
            assertThat(chunk.p.jit).isNotNull();
            assertThat(chunk.p.protos[0].jit).isNotNull();
            assertThat(chunk.p.protos[1].jit).isNull();
        }
    }

    /**
     * Calls that do not take the CALL fast path (from the host, through a metamethod, of a vararg
     * function, from a library function such as pcall) count towards hotness too: a function
     * without loops called only that way must not stay interpreted for ever.
     */
    @Test
    void autoCompilesFunctionsCalledOnlyByTheHostMetamethodsAndLibraries() {
        try (LuaState L = state(JitMode.AUTO)) {
            LuaClosure chunk = (LuaClosure) L.load("""
                    local function fromHost(x) return x + 1 end
                    local mt = {__add = function(a, b) return a.v + b end}
                    local function variadic(...) return select('#', ...) end
                    local function less(a, b) return a > b end
                    local o = setmetatable({v = 1}, mt)
                    local s = 0
                    for i = 1, 400 do s = s + (o + i) + variadic(i, i) end
                    for i = 1, 400 do local _, more = pcall(less, i, 100); if more then s = s + 1 end end
                    return fromHost, s""", "=t");
            Object[] r = L.call(chunk);
            assertThat(r[1]).isEqualTo(80600L + 800L + 300L);
            for (int k = 0; k < 2 * Jit.HOT; k++) assertThat(L.call(r[0], (long) k)).containsExactly(k + 1L);
            for (int j = 0; j < 4; j++) assertThat(chunk.p.protos[j].jit).as("function %d", j).isNotNull();
        }
    }

    /**
     * A function the interpreter reaches only by tail calls (the second of two methods calling
     * each other in tail position) counts those calls, gets hot and is compiled like any other.
     */
    @Test
    void autoCompilesFunctionsReachedOnlyByTailCalls() {
        try (LuaState L = state(JitMode.AUTO)) {
            LuaClosure chunk = (LuaClosure) L.load("""
                    local C = {}
                    function C.a(self, n) if n == 0 then return 0 end return self:b(n - 1) end
                    function C.b(self, n) return self:a(n) + 0 end
                    C.__index = C
                    local o = setmetatable({}, C)
                    local s = 0
                    for i = 1, 600 do s = s + o:a(3) end
                    return s""", "=t");
            assertThat(L.call(chunk)).containsExactly(0L);
            assertThat(chunk.p.protos[0].jit).as("a").isNotNull();
            assertThat(chunk.p.protos[1].jit).as("b, reached only by a's tail call").isNotNull();
        }
    }

    /**
     * A function too big to compile whole (here sixty calls before its loops) has its loops
     * compiled: the interpreter runs the rest and enters the loops' code at their heads; a call
     * of the function from compiled code starts in the interpreter. Results and errors are the
     * interpreter's.
     */
    @Test
    void aFunctionTooBigToCompileWholeHasItsLoopsCompiled() {
        StringBuilder big = new StringBuilder("local function id(x) return x end\n");
        big.append("local function big(n, fail)\n  local s = 0\n");
        for (int k = 0; k < 60; k++) big.append("  s = s + id(").append(k).append(")\n");
        big.append("""
                  local i = 0
                  while i < n do
                    i = i + 1
                    s = s + i % 7
                    if fail and i == n then error("at " .. i) end
                  end
                  for j = 1, n do s = s + j end
                  return s, i
                end
                local t = 0
                for k = 1, 300 do t = t + big(k, false) end
                local ok, err = pcall(big, 5, true)
                return t .. " " .. select(2, big(10, false)) .. " " .. tostring(ok) .. " " .. err
                """);
        String src = big.toString();
        assertThat(outcome(JitMode.AUTO, src)).isEqualTo(outcome(JitMode.NEVER, src)).isEqualTo(outcome(JitMode.ALWAYS, src))
                .endsWith(" 10 false t:68: at 5");
        try (LuaState L = state(JitMode.ALWAYS)) {
            LuaClosure chunk = (LuaClosure) L.load(src, "=t");
            L.call(chunk);
            JitCode c = (JitCode) chunk.p.protos[1].jit;
            assertThat(c).as("big, its loops compiled").isNotNull();
            assertThat(c.canEnter(0)).as("its start is the interpreter's").isFalse();
            assertThat(c.directOk).isFalse();
            int[] code = chunk.p.protos[1].code;
            int whileHead = -1;
            for (int pc = 0; pc < code.length; pc++) {
                if (Instruction.op(code[pc]) == Op.JMP && Instruction.sbx(code[pc]) < 0) whileHead = pc + 1 + Instruction.sbx(code[pc]);
            }
            assertThat(whileHead).isPositive();
            assertThat(c.canEnter(whileHead)).as("the while loop's head").isTrue();
        }
    }

    /** A table constructor ending in a call ({@code {f(x)}}) takes all of its results in compiled code, none to many. */
    @Test
    void tableConstructorsTakeAllOfACallsResults() {
        same("""
                local function none() end
                local function three(x) return x, x + 1, x + 2 end
                local s = 0
                for i = 1, 300 do
                  local t = {three(i)}
                  local u = {i, none()}
                  local v = {none(), three(i)}
                  s = s + #t + #u + t[3] + v[2] + v[4]
                end
                return s""", "137850");
    }

    /**
     * Vararg functions called from compiled code get the interpreter's frame layout (extra
     * arguments below the registers), and {@code ...} in full ({@code f(...)}, {@code {...}})
     * stays in compiled code, the stack growing when the values need it.
     */
    @Test
    void varargCallsAndFullVarargListsInCompiledCode() {
        same("""
                local function count(...) return select('#', ...) end
                local function sum(a, ...)
                  local s = a or 0
                  for i = 1, select('#', ...) do s = s + (select(i, ...) or 100) end
                  return s
                end
                local function pack(...) return {...} end
                local function pass(x, ...) return count(...) + count(x, ...) end
                local function many(n, ...) if n == 0 then return ... end return many(n - 1, n, ...) end
                local s = 0
                for i = 1, 300 do
                  s = s + sum() + sum(i) + sum(i, 1) + sum(i, nil, 2) + #pack(i, i, i) + pass() + pass(1, 2, 3)
                end
                local t = pack(many(2000))
                return s .. ' ' .. count(many(2000)) .. ' ' .. #t .. ' ' .. t[1] .. ' ' .. t[2000]""",
                "169050 2000 2000 1 2000");
    }

    /**
     * A compiled function whose results go where a continuation says (a metamethod's into a
     * register or a comparison, __newindex's nowhere, a pcall's callee's after true) returns
     * through its fast path as it would through the interpreter's.
     */
    @Test
    void returnsToMetamethodAndPcallContinuations() {
        same("""
                local log = {}
                local mt = {}
                mt.__add = function(a, b) return a.v + b.v, 'extra' end
                mt.__lt = function(a, b) return a.v < b.v end
                mt.__le = function(a, b) return nil end
                mt.__index = function(t, k) return k .. '!' end
                mt.__newindex = function(t, k, v) log[#log + 1] = k return 1, 2 end
                local x, y = setmetatable({v = 1}, mt), setmetatable({v = 2}, mt)
                local s, n = 0, 0
                for i = 1, 300 do
                  s = s + (x + y)
                  if x < y then n = n + 1 end
                  if not (x <= y) then n = n + 1 end
                  x.k = i
                  local ok, a, b = pcall(function(v) return v, v * 2 end, i)
                  if ok then s = s + a + b end
                  local ok2, e = pcall(function() return x.missing end)
                  if e == 'missing!' then n = n + 1 end
                end
                return s .. ' ' .. n .. ' ' .. #log .. ' ' .. tostring(select('#', pcall(function() end)))""",
                "136350 900 300 1");
    }

    /**
     * Open lists: a tail call whose last argument is a call (its arguments end at the stack top),
     * a return of all a call's results, and a call wanting all results of a compiled function.
     * Each must deliver exactly the values, and a long loop of such tail calls must not grow the
     * stack.
     */
    @Test
    void openArgumentAndResultListsCrossCompiledCallsAndReturns() {
        same("""
                local function two(x) return x + 1, 99 end
                local function count(n, acc) if n == 0 then return acc end return count(n - 1, two(acc)) end
                local function pair(x) return x, x * 2 end
                local function fwd(x) return pair(x) end
                local function more(x) return 1, pair(x) end
                local function all(...) return select('#', ...), ... end
                local s = 0
                for i = 1, 300 do
                  local a, b = fwd(i)
                  local n, p, q, r = all(more(i))
                  s = s + a + b + n * 1000 + p + q + r
                end
                return count(200000, 0) .. " " .. s .. " " .. select('#', fwd(1)) .. " " .. select('#', more(1))
                """, "200000 1171200 2 3");
    }

    /**
     * A frameless call returns its first result as a Java value and the others on the stack: every
     * count a callee gives (none, one, two, a nil first) meets every count a caller wants (none,
     * one, two, three, all), from frameless code and from code with a frame, and a callee's
     * other results must not leak into the caller's registers.
     */
    @Test
    void framelessCallsGiveEveryCountOfResultsToEveryCountWanted() {
        same("""
                local function none() end
                local function one(x) return x * 2 end
                local function two(x) return x, x + 1 end
                local function nilfirst(x) return nil, x end
                local function str(x) return "s" .. x end
                local function use(x)                          -- frameless caller
                  local a = one(x)
                  local b, c = two(x)
                  local d, e, f = two(x)
                  local g = none()
                  local h, k = nilfirst(x)
                  none()
                  local l = str(x)
                  return a + b + c + d + e + (f or 100) + (g or 1000) + (h or 10000) + k, l
                end
                local out = ""
                for i = 1, 3 do
                  local s, l = use(i)
                  local t = {two(i)}                             -- all of them, from a frame
                  local u = {none()}
                  local w, x, y = one(i)
                  out = out .. " " .. s .. l .. #t .. t[1] .. t[2] .. #u .. w .. tostring(x) .. tostring(y)
                end
                return out
                """, " 11109s121202nilnil 11116s222304nilnil 11123s323406nilnil");
    }

    /**
     * Compiled code collects at its own allocations (NEWTABLE, CLOSURE) without leaving its fast
     * path, but finalizers, which are Lua code, still run during the loop, and weak entries still
     * go: a collection that skipped either would show here.
     */
    @Test
    void compiledLoopsCollectAndRunFinalizersWhileTheyAllocate() {
        same("""
                local finalized, during = 0, 0
                local weak = setmetatable({}, {__mode = "k"})
                local gcmeta = {__gc = function() finalized = finalized + 1 end}
                for i = 1, 20000 do
                  local t = setmetatable({i}, gcmeta)
                  local f = function() return i end
                  weak[f] = true
                  if i == 19999 then during = finalized end
                end
                local left = 0
                for _ in pairs(weak) do left = left + 1 end
                return tostring(during > 100) .. " " .. tostring(left < 10000)
                """, "true true");
    }

    /**
     * An open upvalue holds its thread's stack arrays: when a deep recursion moves the stack
     * (several times) while it is open, reads and writes through it must still meet the local.
     */
    @Test
    void openUpvaluesFollowTheStackWhenItMoves() {
        same("""
                local x = 1
                local function get() return x end
                local function set(v) x = v end
                local function deep(n)
                  if n == 0 then set(42) return get() end
                  local r = deep(n - 1)
                  return r
                end
                local r = deep(5000)
                local y = x
                x = 7
                return r .. " " .. y .. " " .. get()
                """, "42 42 7");
    }

    /**
     * Generic for loops with and without a closing value, closures capturing the loop variable
     * (a CLOSE each iteration), a break out of a loop with a closing value, and a value that
     * cannot be closed: the fast paths of TFORPREP and CLOSE must leave every such case to the
     * general one.
     */
    @Test
    void genericForClosingValuesAndCapturedLoopVariables() {
        same("""
                local log = {}
                local function closer(name) return setmetatable({}, {__close = function() log[#log + 1] = name end}) end
                local function iter(_, i) if i < 3 then return i + 1 end end
                local fs = {}
                for round = 1, 50 do
                  for i in iter, nil, 0, closer("c" .. round) do
                    fs[#fs + 1] = function() return i + round end
                  end
                  for _, v in ipairs({1, 2}) do local x = v end
                end
                for round = 1, 20 do
                  for i in iter, nil, 0, closer("b" .. round) do
                    if i == 2 then break end
                  end
                end
                local s = 0
                for _, f in ipairs(fs) do s = s + f() end
                local ok, err = pcall(function() for _ in iter, nil, 0, 42 do end end)
                return #log .. " " .. log[50] .. " " .. log[70] .. " " .. s .. " " .. #fs .. " " .. tostring(err)
                """, "70 c50 b20 4125 150 t:18: variable '(for state)' got a non-closable value");
    }

    /** A Java function giving fewer or more results than a fixed count wanted: extra dropped, missing ones nil. */
    @Test
    void javaFunctionsResultsAreAdjustedToTheCountWanted() {
        same("""
                local s = 0
                for i = 1, 200 do
                  local a, b, c = 7, 8, 9
                  a, b, c = tostring(i)
                  if a == tostring(i) and b == nil and c == nil then s = s + 1 end
                  local x, y = select(2, i, i + 1, i + 2)
                  s = s + x + y
                  for k, v in next, {i} do s = s + k + v end
                end
                return s""", "61300");
    }

    /** Compiled code enters a frame only at its start, at loop heads and after calls. */
    @Test
    void compiledCodeIsEnteredAtTheStartLoopHeadsAndAfterCalls() {
        try (LuaState L = state(JitMode.NEVER)) {
            LuaClosure chunk = (LuaClosure) L.load("""
                    local t, s = {}, 0
                    for i = 1, 3 do s = s + i end
                    while s > 0 do s = s - 1 end
                    print(s)
                    return s""", "=t");
            dev.lunatik.vm.bytecode.Proto p = chunk.p;
            boolean[] e = JitAnalysis.entries(p.code);
            StringBuilder heads = new StringBuilder();
            for (int pc = 0; pc < e.length; pc++) {
                if (e[pc]) heads.append(dev.lunatik.vm.bytecode.OpCode.of(dev.lunatik.vm.bytecode.Instruction.op(p.code[pc - (pc > 0 ? 1 : 0)]))).append(' ');
            }
            // each entry named by the instruction before it: pc 0, the for loop's body, the while loop's test, after print
            assertThat(heads.toString().trim()).isEqualTo("NEWTABLE FORPREP FORLOOP CALL");
        }
    }

    /**
     * A compiled frame whose slow path goes on where compiled code cannot enter (after an
     * {@code __index} or {@code __lt} function, a yield from one) is run by the interpreter up to
     * the next loop head or call, where compiled code takes it again: same results, and the
     * loops are still compiled afterwards.
     */
    @Test
    void framesLeftToTheInterpreterComeBackToCompiledCodeAtTheNextEntry() {
        same("""
                local mt = {__index = function(_, k) return k * 2 end, __lt = function(a, b) return a.v < b.v end}
                local p = setmetatable({v = 1}, mt)
                local q = setmetatable({v = 2}, mt)
                local co = coroutine.wrap(function()
                  local s = 0
                  for i = 1, 200 do
                    local x = p[i]
                    if p < q then s = s + x end
                    if i % 50 == 0 then coroutine.yield(s) end
                  end
                  return s
                end)
                local ys = ""
                for k = 1, 5 do ys = ys .. (k > 1 and " " or "") .. co() end
                return ys
                """, "2550 10100 22650 40200 40200");
    }

    /**
     * A function compiled through its own hot loop, then called by code that is still
     * interpreted (a main chunk called once, a coroutine's body): the interpreter makes the call
     * without a frame, as a host would; its results, open result lists, errors and yields are as
     * in the interpreter.
     */
    @Test
    void interpretedCodeCallsCompiledFunctionsWithoutAFrame() {
        String src = """
                local function sum(n, k)
                  local s = 0
                  for i = 1, n do s = s + i * k end
                  return s, n, k
                end
                local function stop(n)
                  local s = 0
                  for i = 1, n do s = s + i end
                  if n == 7 then error("seven") end
                  if n == 8 then s = s + coroutine.yield(s) end
                  return s
                end
                sum(1000, 1); stop(1000)                      -- hot in their loops: compiled
                local a = sum(10, 2)
                local b, c, d, e = sum(10, 3)
                local t = {sum(4, 1)}                         -- all its results (an open list)
                local m = select("#", sum(3, 1)) .. select(3, sum(3, 1)) -- into another call
                local ok, err = pcall(function() return stop(7) end)
                local co = coroutine.wrap(function() return stop(8) + 1 end)
                local y = co()
                local z = co(100)
                return a .. " " .. b .. " " .. c .. " " .. d .. " " .. tostring(e) .. " " .. #t .. " " .. t[1] .. " " .. t[3]
                  .. " " .. m .. " " .. tostring(ok) .. " " .. err .. " " .. y .. " " .. z
                """;
        String expected = "110 165 10 3 nil 3 10 1 31 false t:9: seven 36 137";
        assertThat(outcome(JitMode.AUTO, src)).isEqualTo(outcome(JitMode.NEVER, src)).isEqualTo(expected);
    }

    @Test
    void theModeComesFromTheEnvironmentVariablesSpelling() {
        assertThat(JitMode.parse(null)).isEqualTo(JitMode.AUTO);
        assertThat(JitMode.parse("Always")).isEqualTo(JitMode.ALWAYS);
        assertThat(JitMode.parse("never")).isEqualTo(JitMode.NEVER);
        assertThatThrownBy(() -> JitMode.parse("sometimes")).hasMessageContaining("never, auto or always");
    }

    // ------------------------------------------------------------------ yields across compiled frames

    @Test
    void yieldFromACallDeepInCompiledFrames() {
        same("""
                local function inner(x) local y = coroutine.yield(x) return y * 2 end
                local function mid(x) return inner(x + 1) + 1 end
                local co = coroutine.wrap(function(a) local r = mid(a); local r2 = mid(r); return r + r2 end)
                return co(1) .. ',' .. co(10) .. ',' .. co(100)""", "2,22,222");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "local v = obj.field; return v .. '!'",                         // __index
        "obj.field = 5; return tostring(rawget(log, 1))",               // __newindex
        "return tostring(obj + 1)",                                     // __add
        "if obj < 3 then return 'lt' else return 'ge' end",             // __lt
        "if obj <= 3 then return 'le' else return 'gt' end",            // __le
        "if obj == other then return 'eq' else return 'ne' end",        // __eq
        "return 'x' .. obj .. 'y'",                                     // __concat
        "return tostring(#obj)",                                        // __len
        "return tostring(obj(4))",                                      // __call
        "return tostring(-obj)",                                        // __unm
    })
    void yieldFromAMetamethodCalledByCompiledCode(String body) {
        String src = """
                local log = {}
                local mt = {}
                local Y = coroutine.yield
                mt.__index = function(t, k) Y('idx') return 'got ' .. k end
                mt.__newindex = function(t, k, v) Y('nidx') rawset(log, 1, v * 10) end
                mt.__add = function(a, b) Y('add') return 40 + b end
                mt.__lt = function(a, b) Y('lt') return true end
                mt.__le = function(a, b) Y('le') return false end
                mt.__eq = function(a, b) Y('eq') return true end
                mt.__concat = function(a, b) Y('cat') return (type(a) == 'string' and a or 'O') .. (type(b) == 'string' and b or 'O') end
                mt.__len = function(a) Y('len') return 7 end
                mt.__call = function(self, x) Y('call') return x * 3 end
                mt.__unm = function(a) Y('unm') return -9 end
                local obj = setmetatable({}, mt)
                local other = setmetatable({}, mt)
                local function body() %s end
                local co = coroutine.create(body)
                local ok, y = coroutine.resume(co)
                local ok2, r = coroutine.resume(co)
                return tostring(ok) .. ' ' .. tostring(y) .. ' ' .. tostring(ok2) .. ' ' .. tostring(r) .. ' ' .. coroutine.status(co)
                """.formatted(body);
        String never = outcome(JitMode.NEVER, src);
        assertThat(never).startsWith("true ").endsWith(" dead");
        assertThat(outcome(JitMode.ALWAYS, src)).isEqualTo(never);
    }

    @Test
    void yieldFromAForIteratorAndFromInsidePcall() {
        same("""
                local function iter(s, i)
                  if i >= 3 then return nil end
                  coroutine.yield('it' .. i)
                  return i + 1, i * 10
                end
                local co = coroutine.wrap(function()
                  local sum = 0
                  for i, v in iter, nil, 0 do sum = sum + v end
                  local ok, err = pcall(function() coroutine.yield('in pcall') error('boom') end)
                  return sum .. ' ' .. tostring(ok) .. ' ' .. err
                end)
                local out = co()
                for k = 2, 5 do out = out .. '|' .. co() end
                return out""", "it0|it1|it2|in pcall|30 false t:9: boom");
    }

    @Test
    void yieldAcrossATailCallAndVarargs() {
        same("""
                local function last(...) local a, b = coroutine.yield(select('#', ...)) return a + b end
                local function tail(...) return last(...) end
                local co = coroutine.wrap(function(...) return tail(...) end)
                return co(1, 2, 3) .. ' ' .. co(4, 5)""", "3 9");
    }

    // ------------------------------------------------------------------ errors, hooks, debug, limits

    @ParameterizedTest
    @ValueSource(strings = {
        "local function f(x) return x + 1 end return f(nil)",
        "local function f(t) return t.a.b end return f({})",
        "local function f() local s = 'x' return s < 1 end return f()",
        "local t = setmetatable({}, {__index = function(t, k) error('no ' .. k) end}) local function f() return t.key end return f()",
        "local function f(n) if n == 0 then error({code = 7}) end return f(n - 1) end local ok, e = pcall(f, 50) return e.code",
        "local function f(n) return f(n + 1) + 1 end return f(1)",
        "local function f() return 1 // 0 end return f()",
        "local function f() for i = 1, 10, 0 do end end return f()",
        "local function f(a) return #a end return f(5)",
        "return select(2, pcall(function() local x <close> = 42 end))",
    })
    void errorsSayTheSameInBothTiers(String src) {
        String never = outcome(JitMode.NEVER, src);
        assertThat(outcome(JitMode.ALWAYS, src)).isEqualTo(never);
    }

    @Test
    void errorMessagesNameTheVariableAndLine() {
        same("""
                local function f(count)
                  local total = 0
                  return total + count
                end
                return select(2, pcall(f, nil))""", "t:3: attempt to perform arithmetic on a nil value (local 'count')");
        String traceback = """
                local function g()
                  return 'x' .. undefinedGlobal
                end
                local ok, tb = xpcall(g, debug.traceback)
                return tb""";
        assertThat(outcome(JitMode.ALWAYS, traceback)).isEqualTo(outcome(JitMode.NEVER, traceback))
                .startsWith("t:2: attempt to concatenate a nil value (global 'undefinedGlobal')\nstack traceback:\n")
                .contains("t:2: in function <t:1>");
    }

    @Test
    void aLineHookSetInsideCompiledCodeSeesEveryLine() {
        same("""
                local lines = ''
                local function f()
                  local s = 0
                  for i = 1, 2 do
                    s = s + i
                  end
                  return s
                end
                f()
                debug.sethook(function(e, l) lines = lines .. l .. ' ' end, 'l')
                f()
                debug.sethook()
                return lines""", "11 3 4 5 4 5 4 7 12 ");
        String counting = """
                local n = 0
                local function work() local s = 0 for i = 1, 100 do s = s + i end return s end
                work()
                debug.sethook(function() n = n + 1 end, '', 10)
                work()
                debug.sethook()
                return n""";
        same(counting, outcome(JitMode.NEVER, counting));
    }

    @Test
    void debugGetlocalAndSetlocalSeeCompiledFramesRegisters() {
        same("""
                local function peek()
                  local name, v = debug.getlocal(2, 2)
                  debug.setlocal(2, 2, v * 100)
                  return name .. '=' .. v
                end
                local function f(a)
                  local b = a + 1
                  local seen = peek()
                  return seen .. ' then ' .. b
                end
                return f(4)""", "b=5 then 500");
    }

    /** Each loop's counter and copy live in locals in compiled code: every way out of the loop's body sees them current. */
    @Test
    void numericLoopVariablesAreCurrentWhereverTheFrameIsSeen() {
        String namedLocals = """
                local function named(level, want)
                  local out, k = '', 1
                  while true do
                    local name, v = debug.getlocal(level + 1, k)
                    if not name then return out end
                    if want[name] then out = out .. (out == '' and '' or ',') .. name .. v end
                    k = k + 1
                  end
                end
                """;
        // a callee reading its caller's loops, then a callee changing the copy (which does not steer the loop)
        same(namedLocals + """
                local seen = ''
                local function peek() seen = seen .. ' ' .. named(2, {i = true, j = true}) end
                for i = 1, 3 do
                  for j = 10, 30, 10 do peek() end
                end
                local function poke()
                  local k = 1
                  while debug.getlocal(2, k) ~= 'i' do k = k + 1 end
                  debug.setlocal(2, k, 99)
                end
                local after = ''
                for i = 1, 3 do poke(); after = after .. ',' .. i end
                return seen .. ' |' .. after""",
                " i1,j10 i1,j20 i1,j30 i2,j10 i2,j20 i2,j30 i3,j10 i3,j20 i3,j30 |,99,99,99");
        // instructions that read a register from the stack: TESTSET (x and i), SETUPVAL (up = i)
        same("""
                local up, sum = 0, 0
                local function f(list)
                  for i = 1, 100 do
                    list[i] = (i % 2 == 0) and i or -i
                    up = i
                    sum = sum + list[i] + up
                  end
                end
                f({})
                return sum .. ' ' .. up""", "5100 100");
        // slow paths (metamethods) in the middle of nested loops, each pass going on where it was
        same("""
                local o = setmetatable({v = 1}, {__add = function(a, b) return a.v + b end,
                                                 __index = function(t, k) return #k end})
                local s = 0
                for i = 1, 60 do
                  for j = 1, 3 do s = s + (o + i) * j + o.abc end
                end
                return s""", "11880");
        // a line hook and an error's message handler, each reading the loop's copy
        String hooked = namedLocals + """
                local function work()
                  local acc = 0
                  for i = 1, 4 do
                    acc = acc + i
                    acc = acc * 1
                  end
                  return acc
                end
                for _ = 1, 300 do work() end
                local got = ''
                debug.sethook(function() local s = named(2, {i = true}) if s ~= '' then got = got .. ' ' .. s end end, 'l')
                work()
                debug.sethook()
                local function fails()
                  local t = {}
                  for i = 1, 10 do
                    if i == 7 then error('boom') end
                  end
                end
                local function found()
                  for level = 2, 6 do
                    local s = named(level + 1, {i = true})
                    if s ~= '' then return s end
                  end
                  return 'none'
                end
                local _, at = xpcall(fails, found)
                return got .. ' | ' .. at""";
        same(hooked, " i1 i1 i2 i2 i3 i3 i4 i4 | i7");
    }

    @Test
    void theInstructionBudgetStopsCompiledLoopsAtTheSameIteration() {
        String src = """
                count = 0
                local function step() count = count + 1 end
                while true do step() end""";
        for (JitMode mode : JitMode.values()) {
            try (LuaState L = state(mode)) {
                L.setInstructionLimit(5000);
                assertThatThrownBy(() -> L.execute(src, "=t")).hasMessageContaining("instruction limit exceeded");
                assertThat(L.getGlobal("count")).as(mode.name()).isEqualTo(2500L);
            }
        }
    }

    @Test
    void theInstructionBudgetCountsEveryIteratorStepTakenInPlace() {
        // ipairs' steps are taken without a call, but each is still a step of the budget: the
        // budget runs out at the same iteration as with a Lua iterator doing the same
        String loop = """
                count = 0
                local t = {1, 2, 3, 4, 5, 6, 7, 8}
                while true do for _, v in ITER(t) do count = count + v end end""";
        String luaIpairs = """
                local function step(t, i) i = i + 1 local v = t[i] if v ~= nil then return i, v end end
                local function ITER(t) return step, t, 0 end
                """;
        for (JitMode mode : JitMode.values()) {
            long[] counts = new long[2];
            for (int k = 0; k < 2; k++) {
                try (LuaState L = state(mode)) {
                    L.setInstructionLimit(10_000);
                    String src = k == 0 ? loop.replace("ITER", "ipairs") : luaIpairs + loop;
                    assertThatThrownBy(() -> L.execute(src, "=t")).hasMessageContaining("instruction limit exceeded");
                    counts[k] = (Long) L.getGlobal("count");
                }
            }
            assertThat(counts[0]).as(mode.name()).isEqualTo(counts[1]).isGreaterThan(0);
        }
    }

    @Test
    void fieldReadsFollowTablesThatChangeUnderTheirCaches() {
        same("""
                local A = {m = function() return 'A' end, x = 'ax'}
                A.__index = A
                local B = {m = function() return 'B' end}
                B.__index = B
                local o = setmetatable({x = 'own'}, A)
                local function read() return o.x .. o:m() end
                local log = read()
                for i = 1, 40 do o['k' .. i] = i end -- rehash: the cached slots move
                log = log .. ' ' .. read()
                o.x = nil                            -- the field goes: found in the class now
                log = log .. ' ' .. read()
                setmetatable(o, B)                   -- another class: no x, another m
                log = log .. ' ' .. tostring(o.x) .. o:m()
                A.x = nil; setmetatable(o, A); rawset(o, 'x', 'back')
                return log .. ' ' .. read()""", "ownA ownA axA nilB backA");
    }

    /**
     * Frameless code reads a field the table itself holds straight into the register
     * ({@code Jit.ownField}); everything else (an absent or removed field, a field found through
     * {@code __index}, a global that goes, a value that is not a table) takes the general read,
     * with the same results and errors as the interpreter.
     */
    @Test
    void framelessFieldReadsOfTheTableItselfAndEverythingElse() {
        same("""
                local P = {__index = function(_, k) return "idx:" .. k end}
                local o = setmetatable({n = 40, s = "str", t = true}, P)
                local function get(x) return x.n, x.s, x.t, x.missing end
                local function g() return tostring(gv) .. "/" .. type(tostring) end
                local out = {}
                for i = 1, 3 do
                  local n, s, t, m = get(o)
                  out[#out + 1] = (n + i) .. s .. tostring(t) .. m
                end
                o.n = nil                           -- removed: __index answers now
                out[#out + 1] = tostring((get(o)))
                o.n = 7                             -- back, maybe in another slot
                out[#out + 1] = tostring((get(o)))
                gv = 5
                out[#out + 1] = g()
                gv = nil
                out[#out + 1] = g()
                local ok, err = pcall(get, 42)      -- not a table: the interpreter's error
                out[#out + 1] = tostring(ok) .. ":" .. err
                local r = ""
                for i = 1, #out do r = r .. (i > 1 and "|" or "") .. out[i] end
                return r""",
                "41strtrueidx:missing|42strtrueidx:missing|43strtrueidx:missing|idx:n|7|5/function|nil/function"
                        + "|false:t:3: attempt to index a number value (local 'x')");
    }

    @Test
    void methodsFoundTwoClassesUpFollowChangesAlongTheChain() {
        same("""
                local Base = {}
                Base.__index = Base
                function Base:who() return 'base' end
                local Mid = setmetatable({}, Base)
                Mid.__index = Mid
                local o = setmetatable({}, Mid)
                local function call() return o:who() end
                local log = {}
                for i = 1, 60 do log[1] = call() end  -- hot: compiled, cached at the third level
                for i = 1, 40 do Base['k' .. i] = i end  -- rehash of the base: its slots move
                log[2] = call()
                function Mid:who() return 'mid' end    -- now found one level nearer
                log[3] = call()
                Mid.who = nil
                Base.who = function() return 'new base' end
                log[4] = call()
                setmetatable(Mid, {__index = {who = function() return 'other' end}})
                log[5] = call()
                o.who = function() return 'own' end
                log[6] = call()
                return log[1] .. ' ' .. log[2] .. ' ' .. log[3] .. ' ' .. log[4] .. ' ' .. log[5] .. ' ' .. log[6]""", "base base mid new base other own");
    }

    @Test
    void fieldWritesThroughASlotCacheStillMeetNewindexWhenTheKeyIsGone() {
        same("""
                local seen = 0
                local o = setmetatable({x = 0}, {__newindex = function(t, k, v) seen = seen + 1 rawset(t, k, v * 10) end})
                local function put(v) o.x = v end
                for i = 1, 60 do put(i) end            -- present key: no __newindex, cached slot
                local a = o.x .. '/' .. seen
                o.x = nil                              -- gone: the next write asks __newindex
                put(7)
                local b = o.x .. '/' .. seen
                for i = 1, 40 do rawset(o, 'k' .. i, i) end -- rehash: the slot moves
                put(8)
                return a .. ' ' .. b .. ' ' .. o.x .. '/' .. seen""", "60/0 70/1 8/1");
    }

    @Test
    void closuresMadeByCompiledCodeShareAndKeepTheirUpvalues() {
        same("""
                local fs = {}
                for i = 1, 100 do
                  local x = i
                  fs[i] = function() x = x + 1 return x end
                end
                local a = fs[1]() + fs[1]() + fs[100]()
                local function pair() local v = 0 return function() v = v + 1 return v end, function() return v end end
                local inc, get = pair()
                for _ = 1, 50 do inc() end
                local n = 0
                for _ = 1, 20000 do n = n + #tostring(function() end) // 100 end -- garbage: the collector runs between them
                return a .. ' ' .. get() .. ' ' .. n""", "106 50 0");
    }

    @Test
    void concatenationInCompiledCodeMeetsMetamethodsAndErrorsAsTheInterpreterDoes() {
        same("""
                local t = setmetatable({}, {__concat = function(a, b) return 'T' end})
                local out, m = {}, nil
                for i = 1, 60 do out[#out + 1] = 'a' .. i .. 'b' end
                for i = 1, 60 do m = 'x' .. i .. t .. 'y' end
                local ok, e = pcall(function() local tbl = {} return 'a' .. 1 .. tbl end)
                return out[1] .. out[60] .. ' ' .. m .. ' ' .. e""",
                "a1ba60b x60T t:5: attempt to concatenate a table value (local 'tbl')");
    }

    @Test
    void varargsListsAndBitwiseNotRunCompiledAsInterpreted() {
        same("""
                local function pick(...) local a, b, c = ... return {a, b, c, ~a} end
                local s = 0
                for i = 1, 60 do local t = pick(i, i + 1) s = s + t[1] + t[2] + (t[3] or 0) + t[4] end
                local big = {1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51}
                local ok, e = pcall(function() local x = {} return ~x end)
                return s .. ' ' .. #big .. ' ' .. big[51] .. ' ' .. e""",
                "1830 51 51 t:5: attempt to perform bitwise operation on a table value (local 'x')");
    }

    @Test
    void deepRecursionAndLongTailCallLoopsRunCompiled() {
        same("""
                local function sum(n) if n == 0 then return 0 end return n + sum(n - 1) end
                local function loop(n, acc) if n == 0 then return acc end return loop(n - 1, acc + n) end
                return sum(20000) .. ' ' .. loop(1000000, 0)""", "200010000 500000500000");
    }

    @Test
    void ipairsAndNextStepsTakenWithoutACallAreTheIteratorsOwn() {
        // both tiers step next and ipairs' iterator in place; what they give must be the calls'
        same("""
                local t = {10, 'b', 30, nil, 50, x = 'y'}
                local out = ''
                for i, v, extra in ipairs(t) do out = out .. i .. '=' .. tostring(v) .. tostring(extra) .. ' ' end
                local keys, n = 0, 0
                for k, v, extra in pairs(t) do keys = keys + 1 assert(extra == nil) end
                for k in next, {} do n = n + 1 end
                local proxy = setmetatable({}, {__index = function(_, i) if i < 4 then return i * i end end})
                for i, v in ipairs(proxy) do out = out .. v .. ' ' end
                local ok, e = pcall(function() for k in next, {a = 1}, 'nokey' do end end)
                return out .. keys .. ' ' .. n .. ' ' .. tostring(ok) .. ' ' .. e""",
                "1=10nil 2=bnil 3=30nil 1 4 9 5 0 false invalid key to 'next'");
        // the rejected key's error comes from a call of next, in the traceback as in the interpreter
        String traceback = """
                local tb
                for i = 1, 3 do
                    xpcall(function() for k in next, {a = 1}, 'zz' do end end, function(m) tb = debug.traceback(m) end)
                end
                return tb""";
        for (JitMode mode : new JitMode[] {JitMode.NEVER, JitMode.AUTO, JitMode.ALWAYS}) {
            assertThat(outcome(mode, traceback)).contains("invalid key to 'next'").contains("in function 'next'");
        }
    }

    @Test
    void callHooksSeeEveryIteratorCall() {
        same("""
                local calls = 0
                local t = {1, 2, 3}
                debug.sethook(function() local i = debug.getinfo(2, 'n') if i and (i.name == 'for iterator') then calls = calls + 1 end end, 'c')
                for _ in ipairs(t) do end
                for _ in pairs(t) do end
                debug.sethook()
                return calls""", "8");
    }

    @Test
    void orderComparisonsOfStringsNumbersAndMetamethodsRunCompiledAsInterpreted() {
        same("""
                local words = {"beta", "alpha", "gamma", "alph", "", "beta"}
                local lt, le = 0, 0
                for _ = 1, 100 do
                  for i = 1, #words do
                    for j = 1, #words do
                      if words[i] < words[j] then lt = lt + 1 end
                      if words[i] <= words[j] then le = le + 10 end
                      if not (words[j] > words[i]) then le = le + 1000 end
                    end
                  end
                end
                local mt = {__lt = function(a, b) return a.v < b.v end, __le = function(a, b) return a.v <= b.v end}
                local x, y = setmetatable({v = 1}, mt), setmetatable({v = 2}, mt)
                local m = 0
                for _ = 1, 100 do
                  if x < y then m = m + 1 end
                  if y <= x then m = m + 100 end
                  local co = coroutine.wrap(function() local r = x < y; coroutine.yield(r); return y <= x end)
                  if co() and not co() then m = m + 10000 end
                end
                local ok, err = pcall(function() for _ = 1, 100 do local _ = 1 < "2" end end)
                local ok2, err2 = pcall(function() for _ = 1, 100 do local _ = "a" <= {} end end)
                return lt .. " " .. le .. " " .. m .. " " .. tostring(ok) .. " " .. err .. " " .. tostring(ok2) .. " " .. err2""",
                "1400 2222000 1000100 false t:21: attempt to compare number with string false t:22: attempt to compare string with table");
    }

    @Test
    void stringsBuiltAtRunTimeEqualTheirConstantsInCompiledCode() {
        same("""
                local n, parts = 0, {"al", "pha", "alp", "ha"}
                local mt = {__eq = function() return true end}
                local a, b = setmetatable({}, mt), setmetatable({}, mt)
                for i = 1, 300 do
                  local s = parts[1 + (i % 2) * 2] .. parts[2 + (i % 2) * 2]
                  if s == "alpha" then n = n + 1 end
                  if s ~= "alpha" then n = n + 1000 end
                  if s == 5 or s == nil or s == parts then n = n + 100000 end
                  if a == b then n = n + 1000000 end
                end
                return n""", "300000300");
    }

    @Test
    void newFieldsOfObjectsGoRawUntilTheirMetatableGainsNewindex() {
        same("""
                local C = {}; C.__index = C
                local calls, objs = 0, {}
                for i = 1, 200 do
                  local o = setmetatable({}, C)
                  o.x = i; o[1] = i; o.y = i + 1
                  if i == 100 then C.__newindex = function(t, k, v) calls = calls + 1; rawset(t, k, v * 2) end end
                  if i == 150 then C.__newindex = {} end
                  objs[i] = o
                end
                local s = 0
                for i = 1, 200 do s = s + (objs[i].x or 0) + (objs[i][1] or 0) + (objs[i].y or 0) end
                return calls .. " " .. s .. " " .. rawlen(C.__newindex)""", "150 53000 1");
    }

    @Test
    void theLeastSizeThatRefusesBigFunctionsEarlyIsBelowEveryCompiledSize() {
        // every kind of instruction, the smallest cases (calls of one argument, slow-only
        // instructions) included; each function's frame code must be at least its least size
        String src = """
                local t, s = {1, 2, 3}, "x"
                local function f(...) local a <close> = nil; local b, c = ...; return select('#', ...), b, c end
                local function g(x) local y = not x; local z = -x; local w = ~x; local l = #t; return x // 2 % 3 << 1 >> 1 & 7 | 8 ~ 9 end
                local function h(k) t[k] = k; t.f = t[k]; s = s .. k; local u = {k, k, f(k)}; for i = 1, 2 do u[i] = i end; return u end
                local function m(o) for _, v in ipairs(o) do if v == 2 or v < 1 or v <= 0 then return v end end; goto out; ::out:: return nil end
                local function n(a) print(a); print(a); print(a); print(a); return tostring(a), type(a), rawlen({}) end
                local r = 0
                for i = 1, 3 do r = r + g(i) + #h(i) + (m(t) or 0) + select(1, f(i, i)) end
                n(r)
                return r""";
        try (LuaState L = state(JitMode.ALWAYS)) {
            LuaClosure chunk = (LuaClosure) L.load(src, "=t");
            L.call(chunk);
            java.util.List<dev.lunatik.vm.bytecode.Proto> all = new java.util.ArrayList<>(java.util.List.of(chunk.p));
            all.addAll(java.util.List.of(chunk.p.protos));
            int checked = 0;
            for (dev.lunatik.vm.bytecode.Proto p : all) {
                if (p.jit instanceof JitCode c) {
                    assertThat(JitAnalysis.leastSize(p)).as(p.lineDefined + "").isLessThanOrEqualTo(c.size);
                    checked++;
                }
            }
            assertThat(checked).isEqualTo(6);
        }
    }
}
