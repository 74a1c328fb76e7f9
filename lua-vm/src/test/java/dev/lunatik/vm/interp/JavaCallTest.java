package dev.lunatik.vm.interp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Calls of Java functions from the dispatch loop ({@link Interpreter#callJavaDirect} and the
 * general path it falls back to): result adjustment, stack growth inside the callee, errors,
 * hooks and the instruction budget, each inside a loop so the direct path is the one exercised.
 */
class JavaCallTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final LuaState L = LuaState.builder().stackLimit(20_000).stdout(new PrintStream(out, true)).build();

    JavaCallTest() {
        // nret(k, ...) returns k values: 10*1, 10*2, ..., the arguments count last when k > 0
        L.register("nret", (t, base, n) -> {
            int k = (int) t.checkInteger(base, n, 1);
            if (k > 20) t.ensure(base + k + GlobalState.MIN_STACK);
            for (int j = 0; j < k; j++) t.setInt(base + j, 10L * (j + 1));
            if (k > 0) t.setInt(base + k - 1, n);
            return k;
        });
    }

    private String run(String code) {
        L.execute(code, "=t");
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void resultsAreAdjustedToWhatTheCallWants() {
        String r = run("""
                local s = ''
                for i = 1, 3 do
                  local a = nret(0)
                  local b, c = nret(1, 'x')
                  local d, e, f = nret(2)
                  s = s .. tostring(a) .. ',' .. b .. ',' .. tostring(c) .. ',' .. d .. ',' .. e .. ',' .. tostring(f) .. ';'
                end
                print(s)
                print(select('#', nret(3, 1, 2)), nret(3, 1, 2))
                print((nret(2)))
                nret(5)
                """);
        assertThat(r).isEqualTo("nil,2,nil,10,1,nil;nil,2,nil,10,1,nil;nil,2,nil,10,1,nil;\n"
                + "3\t10\t20\t3\n"
                + "10\n");
    }

    @Test
    void aCalleeThatGrowsTheStackLeavesTheLoopConsistent() {
        String r = run("""
                local total, keep = 0, 7
                for i = 1, 5 do
                  total = total + select('#', nret(5000)) + keep
                  local t = {nret(3000)}
                  total = total + #t + t[3000]
                end
                print(total, keep)
                """);
        assertThat(r).isEqualTo((5 * (5000 + 7 + 3000 + 1)) + "\t7\n");
    }

    @Test
    void aResultStoredAfterTheStackGrewIsSeenByTheNextInstructions() {
        // each state's stack starts small: the first call grows it, and the loop must go on
        // reading the new stack (a stale one would still hold the function in r's register)
        for (int k : new int[] {500, 3000, 12000}) {
            LuaState s = LuaState.builder().stackLimit(20_000).stdout(new PrintStream(out, true)).build();
            s.globals().rawset("nret", L.getGlobal("nret"));
            s.execute("local ok = 0\nfor i = 1, 3 do\n local r = nret(" + k + " + i)\n if r == 10 then ok = ok + 1 end\nend\nprint(ok)", "=t");
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("3\n3\n3\n");
    }

    @Test
    void errorsNameTheFunctionAndLineAndAreCatchable() {
        String r = run("""
                local ok, e
                for i = 1, 3 do ok, e = pcall(function() return nret(1) + nret({}) end) end
                print(ok, e)
                """);
        assertThat(r).isEqualTo("false\tt:2: bad argument #1 to 'nret' (number expected, got table)\n");
        assertThatThrownBy(() -> L.execute("for i = 1, 2 do\n local x = nret('a')\nend", "=u"))
                .isInstanceOf(LuaError.class)
                .hasMessage("u:2: bad argument #1 to 'nret' (number expected, got string)");
    }

    @Test
    void aHookSetByTheCalleeTakesEffectAtOnce() {
        L.register("hookcount", (s, base, n) -> {
            LuaThread t = (LuaThread) s;
            // a count hook of period 1 whose function counts its calls in the global 'hooks'
            t.g.globals.rawset("hooks", 0L);
            t.hook = ThreadBody.of("h", (th, b, k) -> {
                LuaTable g = th.g.globals;
                g.rawset("hooks", (Long) g.rawget("hooks") + 1);
                return 0;
            });
            t.baseHookCount = 1;
            t.hookCount = 1;
            t.hookMask = Hooks.MASK_COUNT;
            return 0;
        });
        String r = run("""
                local x = 0
                for i = 1, 3 do x = x + nret(1) end
                hookcount()
                for i = 1, 10 do x = x + 1 end
                local seen = hooks
                print(x, seen > 10)
                """);
        assertThat(r).isEqualTo("13\ttrue\n");
    }

    @Test
    void theInstructionBudgetStopsALoopOfJavaCalls() {
        L.setInstructionLimit(1000);
        assertThatThrownBy(() -> L.execute("local x = 0 while true do x = x + nret(1) end", "=t"))
                .isInstanceOf(LuaError.class)
                .hasMessageContaining("instruction limit exceeded");
    }
}
