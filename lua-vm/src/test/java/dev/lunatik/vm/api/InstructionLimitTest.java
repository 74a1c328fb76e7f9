package dev.lunatik.vm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunatik.vm.lib.DebugLib;
import dev.lunatik.vm.value.LuaError;
import org.junit.jupiter.api.Test;

/** The instruction budget: calls and backward jumps are counted; running out is a Lua error. */
class InstructionLimitTest {
    private final LuaState L = LuaState.builder().build();

    @Test
    void noBudgetByDefault() {
        assertThat(L.instructionsLeft()).isEqualTo(-1);
        assertThat(L.execute("local s = 0 for i = 1, 100000 do s = s + i end return s", "=t")).containsExactly(5000050000L);
    }

    @Test
    void stopsAnInfiniteLoop() {
        L.setInstructionLimit(10_000);
        assertThatThrownBy(() -> L.execute("local n = 0\nwhile true do n = n + 1 end", "=spin"))
                .isInstanceOf(LuaError.class)
                .hasMessage("spin:2: instruction limit exceeded");
        assertThat(L.instructionsLeft()).isZero();
    }

    @Test
    void stopsInfiniteRecursionThroughTailCalls() {
        L.setInstructionLimit(1000);
        assertThatThrownBy(() -> L.execute("local function f(n) return f(n + 1) end\nreturn f(0)", "=tail"))
                .isInstanceOf(LuaError.class)
                .hasMessageEndingWith("instruction limit exceeded");
    }

    @Test
    void countsEachLoopIterationAndCall() {
        // a numeric-for loop of 100 iterations: 99 back edges (FORPREP enters the first iteration)
        L.setInstructionLimit(1000);
        L.execute("for i = 1, 100 do end", "=t");
        long afterLoop = L.instructionsLeft();
        assertThat(1000 - afterLoop).isEqualTo(99L);
        L.setInstructionLimit(1000);
        L.execute("local function f() end for i = 1, 10 do f() end", "=t");
        long used = 1000 - L.instructionsLeft();
        assertThat(used).isEqualTo(10L + 9L); // 10 calls, 9 back edges
    }

    @Test
    void isDeterministic() {
        long[] stops = new long[2];
        for (int k = 0; k < 2; k++) {
            LuaState s = LuaState.builder().instructionLimit(5000).build();
            s.execute("count = 0", "=c");
            s.setInstructionLimit(5000);
            assertThatThrownBy(() -> s.execute("while true do count = count + 1 end", "=spin")).isInstanceOf(LuaError.class);
            stops[k] = (Long) s.getGlobal("count");
        }
        assertThat(stops[0]).isEqualTo(stops[1]).isEqualTo(5001L);
    }

    @Test
    void pcallCannotEscapeASpentBudget() {
        L.setInstructionLimit(500);
        assertThatThrownBy(() -> L.execute(
                "while true do pcall(function() while true do end end) end", "=p"))
                .isInstanceOf(LuaError.class)
                .hasMessageEndingWith("instruction limit exceeded");
    }

    @Test
    void removingTheBudgetRestoresTheState() {
        L.setInstructionLimit(10);
        assertThatThrownBy(() -> L.execute("for i = 1, 100 do end", "=t")).isInstanceOf(LuaError.class);
        L.setInstructionLimit(-1);
        assertThat(L.execute("local s = 0 for i = 1, 100 do s = s + i end return s", "=t")).containsExactly(5050L);
    }

    @Test
    void countsInsideCoroutinesAndUnderHooks() {
        L.openLibrary(DebugLib.LIBRARY);
        L.setInstructionLimit(300);
        assertThatThrownBy(() -> L.execute(
                "local co = coroutine.wrap(function() while true do coroutine.yield() end end)\n"
                        + "while true do co() end", "=co"))
                .isInstanceOf(LuaError.class)
                .hasMessageEndingWith("instruction limit exceeded");
        L.setInstructionLimit(300);
        assertThatThrownBy(() -> L.execute(
                "debug.sethook(function() end, 'l')\nwhile true do end", "=hooked"))
                .isInstanceOf(LuaError.class)
                .hasMessage("hooked:2: instruction limit exceeded");
    }

    @Test
    void interruptStillWorksWithABudget() {
        L.setInstructionLimit(1_000_000);
        L.register("stop", (t, base, n) -> {
            L.interrupt();
            return 0;
        });
        assertThatThrownBy(() -> L.execute("stop() for i = 1, 10 do end", "=i"))
                .isInstanceOf(LuaError.class)
                .hasMessage("i:1: interrupted!");
        assertThat(L.instructionsLeft()).isPositive();
    }
}
