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
 * Closures: creating one per iteration (CLOSURE capturing a fresh loop variable, then calling
 * it) and reading/writing upvalues in a loop (GETUPVAL/SETUPVAL). Scores are per iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xss16m")
public class ClosureBenchmark {
    static final int N = 10_000;

    static final String CREATE = """
            return function(n)
              local s = 0
              for i = 1, n do
                local f = function(k) return i + k end
                s = f(s) % 1000003
              end
              return s
            end
            """;

    static final String UPVALUES = """
            local count, total = 0, 0
            return function(n)
              count, total = 0, 0
              for i = 1, n do
                count = count + 1
                total = (total + count * 3) % 1000003
              end
              return total + count
            end
            """;

    LuaState state;
    LuaFunction create;
    LuaFunction upvalues;
    final Object[] args = {Long.valueOf(N)};

    @Setup
    public void setUp() {
        state = LuaBench.warmState();
        create = LuaBench.loadFunction(state, "closureCreate", CREATE);
        upvalues = LuaBench.loadFunction(state, "upvalues", UPVALUES);
        LuaBench.check(state, create, args, expectedCreate(N));
        LuaBench.check(state, upvalues, args, expectedUpvalues(N));
    }

    static long expectedCreate(int n) {
        long s = 0;
        for (long i = 1; i <= n; i++) {
            s = (i + s) % 1000003;
        }
        return s;
    }

    static long expectedUpvalues(int n) {
        long count = 0;
        long total = 0;
        for (int i = 1; i <= n; i++) {
            count++;
            total = (total + count * 3) % 1000003;
        }
        return total + count;
    }

    /** One closure created (capturing the loop variable) and called per iteration. */
    @Benchmark
    @OperationsPerInvocation(N)
    public Object createAndCall() {
        return state.call(create, args);
    }

    /** Two upvalue reads and two writes per iteration; should allocate nothing. */
    @Benchmark
    @OperationsPerInvocation(N)
    public Object upvalueAccess() {
        return state.call(upvalues, args);
    }
}
