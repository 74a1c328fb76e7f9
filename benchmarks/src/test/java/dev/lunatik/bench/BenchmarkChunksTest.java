package dev.lunatik.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JMH benchmarks check their chunk's answer against a Java computation before timing it.
 * These tests run the same chunks under the reference {@code lua5.4} (skipped when it is not
 * installed) to make sure those Java expectations are right, so a failed check in a benchmark
 * points at our VM and not at the benchmark.
 */
class BenchmarkChunksTest {
    @BeforeEach
    void needsLua() {
        assumeTrue(LuaReference.available(), "lua5.4 is not installed");
    }

    @Test
    void calls() throws Exception {
        assertThat(LuaReference.run(CallBenchmark.FIB, "print(f(" + CallBenchmark.FIB_N + "))")).isEqualTo("6765");
        assertThat(LuaReference.run(CallBenchmark.FIB,
                        "local calls = 0\n"
                                + "debug.sethook(function() calls = calls + 1 end, 'c')\n"
                                + "f(" + CallBenchmark.FIB_N + ")\n"
                                + "debug.sethook()\n"
                                + "print(calls - 1)")) // the hook also sees the call of sethook
                .isEqualTo(Integer.toString(CallBenchmark.FIB_CALLS));
        assertThat(LuaReference.run(CallBenchmark.CALL_LOOP, "print(f(10000))"))
                .isEqualTo(Long.toString(CallBenchmark.expectedCallLoop(10_000)));
    }

    @Test
    void arithmetic() throws Exception {
        assertThat(LuaReference.run(ArithBenchmark.MIXED, "print(f(10000))"))
                .isEqualTo(Long.toString(ArithBenchmark.expectedMixed(10_000)));
        assertThat(LuaReference.run(ArithBenchmark.WHILE_BITS, "print(f(10000))"))
                .isEqualTo(Long.toString(ArithBenchmark.expectedWhileBits(10_000)));
    }

    @Test
    void tables() throws Exception {
        int n = TableArrayBenchmark.N;
        assertThat(LuaReference.run(TableArrayBenchmark.SOURCE,
                        "print(f(1, " + n + ", 3)); print(f(2, " + n + ", 0)); print(f(3, " + n + ", 0))"))
                .isEqualTo(3L * n + "\n" + 3L * n * (n + 1) / 2 + "\n" + n);
        assertThat(LuaReference.run(TableFieldBenchmark.FIELDS, "print(f(10000))"))
                .isEqualTo(Long.toString(TableFieldBenchmark.expectedFields(10_000)));
        assertThat(LuaReference.run(TableFieldBenchmark.GLOBALS, "print(f(10000))"))
                .isEqualTo(Long.toString(TableFieldBenchmark.expectedGlobals(10_000)));
    }

    @Test
    void methodsClosuresAndStrings() throws Exception {
        String e = Long.toString(MethodCallBenchmark.expected(10_000));
        assertThat(LuaReference.run(MethodCallBenchmark.SOURCE, "print(f(true, 10000)); print(f(false, 10000))"))
                .isEqualTo(e + "\n" + e);
        assertThat(LuaReference.run(ClosureBenchmark.CREATE, "print(f(10000))"))
                .isEqualTo(Long.toString(ClosureBenchmark.expectedCreate(10_000)));
        assertThat(LuaReference.run(ClosureBenchmark.UPVALUES, "print(f(10000)); print(f(10000))"))
                .isEqualTo(ClosureBenchmark.expectedUpvalues(10_000) + "\n" + ClosureBenchmark.expectedUpvalues(10_000));
        assertThat(LuaReference.run(StringConcatBenchmark.SHORT, "print(f(1000))"))
                .isEqualTo(Long.toString(StringConcatBenchmark.expectedShort(1_000)));
        assertThat(LuaReference.run(StringConcatBenchmark.APPEND, "print(f(1000))")).isEqualTo("2000");
        assertThat(LuaReference.run(StringLibBenchmark.FORMAT, "print(f(1000))"))
                .isEqualTo(Long.toString(StringLibBenchmark.expectedFormat(1_000)));
        assertThat(LuaReference.run(StringLibBenchmark.GSUB, "print(f(1000))"))
                .isEqualTo(Long.toString(StringLibBenchmark.expectedGsub(1_000)));
        assertThat(LuaReference.run(StringLibBenchmark.BYTE, "print(f(1000))"))
                .isEqualTo(Long.toString(StringLibBenchmark.expectedByte(1_000)));
        assertThat(LuaReference.run(TableLibBenchmark.INSERT, "print(f(1000))")).isEqualTo("1010");
        assertThat(LuaReference.run(TableLibBenchmark.CONCAT, "print(f(1000)); print(f(1000))"))
                .isEqualTo(TableLibBenchmark.expectedConcat(1_000) + "\n" + TableLibBenchmark.expectedConcat(1_000));
    }

    @Test
    void theWarmUpChunkRunsInLua54() throws Exception {
        // Kernel Lua's '/' is floor division; under lua5.4 it yields a float, so only check that
        // the chunk runs and returns a number.
        String out = LuaReference.run(LuaBench.resource("warmup.lua"), "print(math.type(f(50)))");
        assertThat(out).isIn("integer", "float");
    }
}
