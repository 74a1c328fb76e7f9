package dev.lunatik.vm.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Finalizers, weak tables, byte count, memory limit and state close. */
class CollectorTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final LuaState L = LuaState.builder()
            .stdout(new PrintStream(out, true))
            .stderr(new PrintStream(err, true))
            .build();

    private Object run(String src) {
        Object[] r = L.execute(src, "=t");
        return r.length > 0 ? r[0] : null;
    }

    private String str(String src) {
        Object v = run(src);
        return v == null ? null : ((LuaString) v).toString();
    }

    @Test
    void finalizersRunOnceInReverseOrderOfMarking() {
        String log = str("""
                local log = ''
                local a = setmetatable({}, {__gc = function() log = log .. 'a' end})
                local b = setmetatable({}, {__gc = function() log = log .. 'b' end})
                local c = {}
                local d = setmetatable({}, {__gc = function() log = log .. 'd' end})
                setmetatable(c, {__gc = function() log = log .. 'c' end}) -- marked after d
                a, b, c, d = nil
                collectgarbage()
                collectgarbage()
                return log
                """);
        assertThat(log).isEqualTo("cdba");
    }

    @Test
    void gcFieldAddedLaterDoesNotMark() {
        String log = str("""
                local log = 'x'
                local mt = {}
                local o = setmetatable({}, mt)
                mt.__gc = function() log = log .. 'ran' end
                o = nil
                collectgarbage()
                return log
                """);
        assertThat(log).isEqualTo("x");
    }

    @Test
    void resurrectedObjectSurvivesAndIsNotFinalizedAgain() {
        Object r = run("""
                local n = 0
                setmetatable({v = 7}, {__gc = function(o) n = n + 1; saved = o end})
                collectgarbage()
                local v = saved.v
                saved = nil
                collectgarbage(); collectgarbage()
                return n * 100 + v
                """);
        assertThat(r).isEqualTo(107L);
    }

    @Test
    void weakTablesLoseUnreachableEntries() {
        Object r = run("""
                local keep = {}
                local k = setmetatable({}, {__mode = 'k'})
                local v = setmetatable({}, {__mode = 'v'})
                local kv = setmetatable({}, {__mode = 'kv'})
                k[keep] = 1; k[{}] = 2; k.s = {}
                v[1] = keep; v[2] = {}; v[3] = 'str'; v[4] = 5
                kv[keep] = {}; kv[{}] = keep; kv.x = keep
                collectgarbage()
                local function count(t) local n = 0 for _ in pairs(t) do n = n + 1 end return n end
                return count(k) * 100 + count(v) * 10 + count(kv)
                """);
        assertThat(r).isEqualTo(231L);
    }

    @Test
    void weakKeyTablesAreEphemerons() {
        Object r = run("""
                local e = setmetatable({}, {__mode = 'k'})
                local live = {}
                do
                  local k = {}
                  e[k] = {k}            -- only its own value refers to the key
                  local k2 = {}
                  e[live] = k2          -- a live key keeps its value...
                  e[k2] = 'chained'     -- ...which keeps this entry
                end
                collectgarbage()
                local n = 0 for _ in pairs(e) do n = n + 1 end
                return n
                """);
        assertThat(r).isEqualTo(2L);
    }

    @Test
    void resurrectedObjectsLeaveWeakValuesBeforeFinalizationAndWeakKeysAfter() {
        String r = str("""
                local wk = setmetatable({}, {__mode = 'k'})
                local wv = setmetatable({}, {__mode = 'v'})
                local seen
                do
                  local o = setmetatable({}, {__gc = function(o)
                    seen = tostring(wk[o] ~= nil) .. ',' .. tostring(wv[1] ~= nil)
                  end})
                  wk[o] = true; wv[1] = o
                end
                collectgarbage()
                local first = seen
                collectgarbage()
                return first .. ',' .. tostring(next(wk) ~= nil)
                """);
        assertThat(r).isEqualTo("true,false,false");
    }

    @Test
    void finalizerErrorsBecomeWarnings() {
        Object r = run("""
                warn('@on')
                setmetatable({}, {__gc = function() error('boom', 0) end})
                local ok = pcall(collectgarbage)
                return ok
                """);
        assertThat(r).isEqualTo(true);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Lua warning: error in __gc (boom)");
    }

    @Test
    void closeRunsPendingFinalizersInReverseOrderOnce() {
        run("""
                objs = {}
                for i = 1, 3 do
                  objs[i] = setmetatable({}, {__gc = function() print('gc' .. i) end})
                end
                """);
        L.close();
        L.close();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("gc3\ngc2\ngc1\n");
    }

    @Test
    void stateIsAutoCloseable() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (LuaState s = LuaState.builder().stdout(new PrintStream(o, true)).build()) {
            s.execute("x = setmetatable({}, {__gc = function() print('closed') end})", "=t");
        }
        assertThat(o.toString(StandardCharsets.UTF_8)).isEqualTo("closed\n");
    }

    @Test
    void countIsIntegerAndFallsAfterCollection() {
        Object r = run("""
                collectgarbage()
                local a = collectgarbage('count')
                local t = {} for i = 1, 50000 do t[i] = {} end
                local b = collectgarbage('count')
                t = nil
                collectgarbage()
                local c = collectgarbage('count')
                return (b > a + 50000 * 50 and c < b - 50000 * 50) and c or -1
                """);
        assertThat(r).isInstanceOf(Long.class);
        assertThat((Long) r).isPositive();
    }

    @Test
    void memoryLimitFailsThenStateWorksAgain() {
        LuaState s = LuaState.builder().memoryLimit(2_000_000).build();
        Object[] r = s.execute("""
                local ok, e = pcall(function()
                  local t = {}
                  for i = 1, 10000000 do t[i] = {} end
                end)
                local ok2, e2 = pcall(function()
                  local s = 'x'
                  for i = 1, 40 do s = s .. s end
                end)
                collectgarbage()
                local t = {} for i = 1, 1000 do t[i] = {i} end
                return ok, e, ok2, e2, #t
                """, "=t");
        assertThat(r).containsExactly(false, LuaString.valueOf("not enough memory"),
                false, LuaString.valueOf("not enough memory"), 1000L);
        assertThat(s.memoryLimit()).isEqualTo(2_000_000L);
    }

    @Test
    void xpcallRunsNoMessageHandlerForAMemoryError() {
        // Lua 5.4: "LUA_ERRMEM: memory allocation error. For such errors, Lua does not call the
        // message handler"; any other error still goes through it
        LuaState s = LuaState.builder().memoryLimit(2_000_000).build();
        Object[] r = s.execute("""
                local handled = 0
                local function handler(m) handled = handled + 1; return 'handled: ' .. tostring(m) end
                local ok, e = xpcall(function()
                  local t = {}
                  for i = 1, 10000000 do t[i] = {} end
                end, handler)
                collectgarbage()
                local ok2, e2 = xpcall(function() error('boom', 0) end, handler)
                return ok, e, handled, e2
                """, "=t");
        assertThat(r).containsExactly(false, LuaString.valueOf("not enough memory"), 1L, LuaString.valueOf("handled: boom"));
    }

    @Test
    void memoryLimitErrorReachesTheHost() {
        LuaState s = LuaState.builder().build();
        s.setMemoryLimit(1_000_000);
        assertThatThrownBy(() -> s.execute("local t = {} for i = 1, 1e7 do t[i] = i end".replace("1e7", "10000000"), "=t"))
                .isInstanceOf(LuaError.class)
                .satisfies(e -> assertThat(((LuaError) e).value()).isEqualTo(LuaString.valueOf("not enough memory")));
        s.setMemoryLimit(0);
        assertThat(s.execute("local t = {} for i = 1, 100000 do t[i] = i end return #t", "=t")[0]).isEqualTo(100000L);
    }

    @Test
    void deepLinkedListDoesNotOverflow() {
        Object r = run("""
                local w = setmetatable({}, {__mode = 'v'})
                local list = nil
                for i = 1, 1000000 do list = {next = list} end
                local tail = list
                while tail.next do tail = tail.next end
                w[1] = tail
                collectgarbage()
                local kept = w[1] ~= nil
                list, tail = nil, nil
                collectgarbage()
                return kept and w[1] == nil
                """);
        assertThat(r).isEqualTo(true);
    }

    @Test
    void automaticCollectionRunsFinalizersInLongLoops() {
        Object r = run("""
                local done = false
                setmetatable({}, {__gc = function() done = true end})
                local n = 0
                repeat local x = {} n = n + 1 until done or n > 10000000
                return done
                """);
        assertThat(r).isEqualTo(true);
    }

    @Test
    void stoppedCollectorDoesNotCollectAutomatically() {
        Object r = run("""
                collectgarbage('stop')
                local done = false
                setmetatable({}, {__gc = function() done = true end})
                for i = 1, 200000 do local x = {} end
                local before = done
                collectgarbage('restart')
                for i = 1, 200000 do local x = {} end
                return not before and done and collectgarbage('isrunning')
                """);
        assertThat(r).isEqualTo(true);
    }

    @Test
    void javaFunctionsReportCapturedValues() {
        LuaTable captured = (LuaTable) run("""
                return setmetatable({}, {__gc = function() finalized = true end})
                """);
        L.setGlobal("holder", JavaFunction.capturing("holder", (t, base, n) -> 0, captured));
        run("collectgarbage()");
        assertThat(L.getGlobal("finalized")).isNull();
        run("holder = nil; collectgarbage()");
        assertThat(L.getGlobal("finalized")).isEqualTo(true);
    }

    @Test
    void coroutineWrapKeepsItsCoroutine() {
        Object r = run("""
                local w = setmetatable({}, {__mode = 'k'})
                local f = coroutine.wrap(function()
                  local mine = setmetatable({}, {__gc = function() lost = true end})
                  coroutine.yield(1)
                  return mine ~= nil
                end)
                f()
                collectgarbage()
                return not lost and f()
                """);
        assertThat(r).isEqualTo(true);
    }
}
