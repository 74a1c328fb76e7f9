package dev.lunatik.vm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The embedding API: loading, calling both ways, results, errors and limits. */
class LuaStateTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final LuaState L = LuaState.builder().stdout(new PrintStream(out, true)).build();

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void executeReturnsAllResultsBoxed() {
        Object[] r = L.execute("return 6 * 7, 'x', nil, true, 7 / 2", "=t");
        assertThat(r).containsExactly(42L, LuaString.valueOf("x"), null, true, 3L);
    }

    @Test
    void callsLuaFunctionsWithConvertedArguments() {
        L.execute("function add(a, b) return a + b, a .. b end", "=t");
        Object[] r = L.call(L.getGlobal("add"), 40, 2);
        assertThat(r).containsExactly(42L, LuaString.valueOf("402"));
    }

    @Test
    void luaCallsJavaWithMultipleResults() {
        L.register("divmod", (t, base, n) -> {
            long a = t.checkInteger(base, n, 1);
            long b = t.checkInteger(base, n, 2);
            t.setInt(base, Math.floorDiv(a, b));
            t.setInt(base + 1, Math.floorMod(a, b));
            return 2;
        });
        L.execute("local q, r = divmod(17, 5) print(q, r) print(select('#', divmod(1, 1)))", "=t");
        assertThat(output()).isEqualTo("3\t2\n2\n");
    }

    @Test
    void javaArgumentErrorsAreWordedAsLua() {
        L.register("needint", (t, base, n) -> {
            t.checkInteger(base, n, 1);
            return 0;
        });
        assertThatThrownBy(() -> L.execute("needint({})", "=t"))
                .isInstanceOf(LuaError.class)
                .hasMessage("t:1: bad argument #1 to 'needint' (number expected, got table)");
    }

    @Test
    void errorsCarryTheLuaValueAndATraceback() {
        LuaError e = catchError("local function f() error({code = 7}) end\nf()");
        assertThat(e.value()).isInstanceOf(LuaTable.class);
        assertThat(((LuaTable) e.value()).rawget("code")).isEqualTo(7L);
        assertThat(e.luaTraceback()).contains("stack traceback:").contains("in local 'f'").contains("in main chunk");
    }

    @Test
    void syntaxErrorsAreLuaErrorsWithPosition() {
        assertThatThrownBy(() -> L.load("x = = 1", "=chunk"))
                .isInstanceOf(LuaError.class)
                .hasMessage("chunk:1: unexpected symbol near '='");
    }

    @Test
    void kernelStackLimitOverflowsNearDepth92() {
        String script = "local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end\n"
                + "local ok1, v1 = pcall(f, 80) local ok2, e2 = pcall(f, 100) return ok1, v1, ok2, e2";
        Object[] r = L.execute(script, "=s");
        assertThat(r[0]).isEqualTo(true);
        assertThat(r[1]).isEqualTo(80L);
        assertThat(r[2]).isEqualTo(false);
        assertThat(r[3].toString()).endsWith("stack overflow");
    }

    @Test
    void stackLimitIsConfigurableForEmbedding() {
        LuaState big = LuaState.builder().stackLimit(100_000).build();
        Object[] r = big.execute("local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end return f(10000)", "=s");
        assertThat(r).containsExactly(10000L);
    }

    @Test
    void deepJavaNestingIsALuaErrorNotAStackOverflowError() {
        // every level goes through a Java function (tostring -> __tostring), so each nests a Java call
        String script = "local mt = {} mt.__tostring = function(t) return tostring(setmetatable({}, mt)) end\n"
                + "return tostring(setmetatable({}, mt))";
        LuaError e = catchError(script);
        assertThat(e.getMessage()).contains("stack overflow");
    }

    @Test
    void tailCallsDoNotGrowTheStack() {
        Object[] r = L.execute("local function loop(n) if n == 0 then return 'done' end return loop(n - 1) end return loop(1000000)", "=s");
        assertThat(r).containsExactly(LuaString.valueOf("done"));
    }

    @Test
    void loadedFunctionCanBeCalledRepeatedly() {
        LuaFunction f = L.load("counter = (counter or 0) + 1 return counter", "=c");
        L.call(f);
        L.call(f);
        assertThat(L.call(f)).containsExactly(3L);
    }

    @Test
    void toDisplayStringHonoursTostringMetamethod() {
        Object v = L.execute("return setmetatable({}, {__tostring = function() return 'obj!' end})", "=s")[0];
        assertThat(L.toDisplayString(v)).isEqualTo("obj!");
        assertThat(L.toDisplayString(12L)).isEqualTo("12");
    }

    @Test
    void interruptStopsARunawayLoopFromAnotherThread() throws Exception {
        LuaError[] seen = new LuaError[1];
        Thread worker = new Thread(() -> {
            try {
                L.execute("local n = 0\nwhile true do n = n + 1 end", "=spin");
            } catch (LuaError e) {
                seen[0] = e;
            }
        });
        worker.start();
        Thread.sleep(200);
        L.interrupt();
        worker.join(10_000);
        assertThat(worker.isAlive()).isFalse();
        assertThat(seen[0]).isNotNull();
        assertThat(seen[0].getMessage()).isEqualTo("spin:2: interrupted!");
        // the state stays usable and the request was consumed
        assertThat(L.execute("local s = 0 for i = 1, 1000 do s = s + i end return s", "=after")).containsExactly(500500L);
    }

    @Test
    void interruptIsCatchableByPcallLikeLuasHook() {
        L.register("requestStop", (t, base, n) -> {
            L.interrupt();
            return 0;
        });
        Object[] r = L.execute("return pcall(function() requestStop() for i = 1, 10 do end end)", "=p");
        assertThat(r[0]).isEqualTo(false);
        assertThat(r[1].toString()).endsWith("interrupted!");
    }

    @Test
    void interruptAloneIsOutrunByALoopAroundPcall() throws Exception {
        // the case abort exists for: an interrupt is caught once and the loop goes on
        L.register("requestStop", (t, base, n) -> {
            L.interrupt();
            return 0;
        });
        Object[] r = L.execute("local caught = 0\n"
                + "for i = 1, 3 do if not pcall(function() requestStop() for j = 1, 10 do end end) then caught = caught + 1 end end\n"
                + "return caught", "=p");
        assertThat(r).containsExactly(3L);
    }

    @Test
    void abortCannotBeCaughtByALoopAroundPcall() throws Exception {
        LuaError[] seen = new LuaError[1];
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
        L.register("started", (t, base, n) -> {
            running.countDown();
            return 0;
        });
        Thread worker = new Thread(() -> {
            try {
                L.execute("started()\nwhile true do pcall(function() while true do end end) end", "=stubborn");
            } catch (LuaError e) {
                seen[0] = e;
            }
        });
        worker.start();
        assertThat(running.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50);
        L.abort("runtime stopped");
        worker.join(10_000);
        assertThat(worker.isAlive()).isFalse();
        assertThat(seen[0]).isNotNull();
        assertThat(seen[0].getMessage()).matches("stubborn:2: runtime stopped");
        assertThat(L.isAborting()).isTrue();
        // still aborting: nothing runs until the host clears it
        assertThat(catchError("for i = 1, 2 do end").getMessage()).endsWith("runtime stopped");
        L.clearAbort();
        assertThat(L.isAborting()).isFalse();
        assertThat(L.execute("local s = 0 for i = 1, 100 do s = s + i end return s", "=after")).containsExactly(5050L);
    }

    @Test
    void closeEndsAnAbortSoFinalizersRun() {
        L.execute("setmetatable({}, {__gc = function() for i = 1, 3 do end gcran = true end})", "=gc");
        L.abort("stopped");
        L.close();
        assertThat(L.isAborting()).isFalse();
    }

    private LuaError catchError(String script) {
        try {
            L.execute(script, "=t");
        } catch (LuaError e) {
            return e;
        }
        throw new AssertionError("no error raised");
    }
}
