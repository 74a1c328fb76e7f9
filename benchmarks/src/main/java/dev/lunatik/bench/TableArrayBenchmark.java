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

/**
 * A table's array part: integer-keyed reads and writes on an existing table, and appends
 * ({@code t[#t + 1] = v}) into a fresh one. Scores are per element. Writes and reads of integers
 * into an existing array part should allocate nothing ({@code -prof gc}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xss16m")
public class TableArrayBenchmark {
    static final int N = 10_000;

    /** Returns write(n, k), read(n), append(n), sharing one array of n integers. */
    static final String SOURCE = """
            local t = {}
            for i = 1, 10000 do t[i] = 0 end
            local function write(n, k)
              for i = 1, n do t[i] = i * k end
              return t[n]
            end
            local function read(n)
              local s = 0
              for i = 1, n do s = s + t[i] end
              return s
            end
            local function append(n)
              local a = {}
              for i = 1, n do a[#a + 1] = i end
              return #a
            end
            return function(op, n, k)
              if op == 1 then return write(n, k)
              elseif op == 2 then return read(n)
              else return append(n) end
            end
            """;

    LuaState state;
    LuaFunction fn;
    final Object[] writeArgs = {1L, (long) N, 3L};
    final Object[] readArgs = {2L, (long) N, 0L};
    final Object[] appendArgs = {3L, (long) N, 0L};

    @Setup
    public void setUp() {
        state = LuaBench.warmState();
        fn = LuaBench.loadFunction(state, "tableArray", SOURCE);
        LuaBench.check(state, fn, writeArgs, 3L * N);
        LuaBench.check(state, fn, readArgs, 3L * N * (N + 1) / 2);
        LuaBench.check(state, fn, appendArgs, N);
    }

    /** t[i] = i * k for an existing 10,000-element array part. */
    @Benchmark
    @OperationsPerInvocation(N)
    public Object arrayWrite() {
        return state.call(fn, writeArgs);
    }

    /** s = s + t[i] over the same array. */
    @Benchmark
    @OperationsPerInvocation(N)
    public Object arrayRead() {
        return state.call(fn, readArgs);
    }

    /** a[#a + 1] = i into a fresh table, growing its array part (LEN + SETTABLE). */
    @Benchmark
    @OperationsPerInvocation(N)
    public Object arrayAppend() {
        return state.call(fn, appendArgs);
    }
}
