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
 * Lua-to-Lua function calls: recursive {@code fib} and a loop of calls to a small function.
 * Scores are per Lua call (CALL + RETURN), thanks to {@link OperationsPerInvocation}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xss16m")
public class CallBenchmark {
    static final int FIB_N = 20;
    /** Number of calls fib(20) makes: 2 * fib(21) - 1. */
    static final int FIB_CALLS = 21891;

    static final int LOOP_CALLS = 10_000;

    static final String FIB = """
            local function fib(n)
              if n < 2 then return n end
              return fib(n - 1) + fib(n - 2)
            end
            return fib
            """;

    static final String CALL_LOOP = """
            local function add3(a, b, c) return a + b + c end
            local function twice(x) return add3(x, x, 1) end
            return function(n)
              local s = 0
              for i = 1, n, 2 do
                s = add3(s, i, 1) % 1000003
                s = twice(s) % 1000003
              end
              return s
            end
            """;

    LuaState state;
    LuaFunction fib;
    LuaFunction callLoop;
    final Object[] fibArgs = {Long.valueOf(FIB_N)};
    final Object[] loopArgs = {Long.valueOf(LOOP_CALLS)};

    @Setup
    public void setUp() {
        state = LuaBench.warmState();
        fib = LuaBench.loadFunction(state, "fib", FIB);
        callLoop = LuaBench.loadFunction(state, "callLoop", CALL_LOOP);
        LuaBench.check(state, fib, fibArgs, 6765);
        LuaBench.check(state, callLoop, loopArgs, expectedCallLoop(LOOP_CALLS));
    }

    static long expectedCallLoop(int n) {
        long s = 0;
        for (long i = 1; i <= n; i += 2) {
            s = (s + i + 1) % 1000003;
            s = (s + s + 1) % 1000003;
        }
        return s;
    }

    /** fib(20): 21,891 recursive Lua calls; score is per call. */
    @Benchmark
    @OperationsPerInvocation(FIB_CALLS)
    public Object fibRecursive() {
        return state.call(fib, fibArgs);
    }

    /** 10,000 Lua calls (5,000 direct, 5,000 through a second function); score is per call. */
    @Benchmark
    @OperationsPerInvocation(LOOP_CALLS + LOOP_CALLS / 2)
    public Object callInLoop() {
        return state.call(callLoop, loopArgs);
    }
}
