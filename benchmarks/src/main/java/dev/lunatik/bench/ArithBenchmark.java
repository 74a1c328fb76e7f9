package dev.lunatik.bench;

import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.LuaFunction;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Integer arithmetic loops. The design target is <b>zero bytes allocated per loop iteration</b>:
 * run with {@code -prof gc} and read {@code gc.alloc.rate.norm}, which (thanks to
 * {@link OperationsPerInvocation}) is per iteration; the fixed cost of the API call itself
 * (argument and result arrays) is spread over 10,000 iterations and shows as well under 0.1
 * B/op. {@link #main} runs this class with the GC profiler attached.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xss16m")
public class ArithBenchmark {
    static final int N = 10_000;

    /** Linear congruential updates, MOD, conditional ADD/SUB, all far below 2^53. */
    static final String MIXED = """
            return function(n)
              local acc, x = 0, 12345
              for i = 1, n do
                x = (x * 1103 + 12345) % 65536
                if x % 3 == 0 then
                  acc = acc + i - x
                elseif x < 30000 then
                  acc = acc - i * 3 + x
                else
                  acc = acc + (i % 1000) * 7
                end
                acc = acc % 1000000007
              end
              return acc
            end
            """;

    /** A while loop with integer division, bitwise operators and unary minus (kernel Lua only). */
    static final String WHILE_BITS = """
            return function(n)
              local i, h = 0, 0
              while i < n do
                i = i + 1
                h = (h ~ (i << 3)) + (i >> 1) - (h & 255) + i // 3 - -(i | 1)
                h = h % 4294967291
              end
              return h
            end
            """;

    LuaState state;
    LuaFunction mixed;
    LuaFunction whileBits;
    final Object[] args = {Long.valueOf(N)};

    @Setup
    public void setUp() {
        state = LuaBench.warmState();
        mixed = LuaBench.loadFunction(state, "mixed", MIXED);
        whileBits = LuaBench.loadFunction(state, "whileBits", WHILE_BITS);
        LuaBench.check(state, mixed, args, expectedMixed(N));
        LuaBench.check(state, whileBits, args, expectedWhileBits(N));
    }

    static long expectedMixed(int n) {
        long acc = 0;
        long x = 12345;
        for (long i = 1; i <= n; i++) {
            x = Math.floorMod(x * 1103 + 12345, 65536L);
            if (x % 3 == 0) {
                acc = acc + i - x;
            } else if (x < 30000) {
                acc = acc - i * 3 + x;
            } else {
                acc = acc + (i % 1000) * 7;
            }
            acc = Math.floorMod(acc, 1000000007L);
        }
        return acc;
    }

    static long expectedWhileBits(int n) {
        long i = 0;
        long h = 0;
        while (i < n) {
            i++;
            h = (h ^ (i << 3)) + (i >>> 1) - (h & 255) + Math.floorDiv(i, 3L) - -(i | 1);
            h = Math.floorMod(h, 4294967291L);
        }
        return h;
    }

    /** One iteration: an LCG step, three MODs, a branch and two or three ADD/SUB/MUL. */
    @Benchmark
    @OperationsPerInvocation(N)
    public Object mixedLoop() {
        return state.call(mixed, args);
    }

    /** One iteration: while-loop compare, BXOR, SHL, SHR, BAND, IDIV, BOR, UNM, MOD. */
    @Benchmark
    @OperationsPerInvocation(N)
    public Object whileBitwise() {
        return state.call(whileBits, args);
    }

    /** Runs this class's benchmarks with {@code -prof gc} (extra arguments are ignored). */
    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder()
                        .include(ArithBenchmark.class.getName().replace(".", "\\.") + "\\..*")
                        .addProfiler(GCProfiler.class)
                        .build())
                .run();
    }
}
