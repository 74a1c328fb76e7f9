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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the instruction budget ({@link LuaState#setInstructionLimit}): the same call-heavy
 * (fib) and loop-heavy (integer LCG loop) workloads with no budget ({@code off}) and with a budget
 * too large to run out ({@code on}). With {@code off} the numbers must match
 * {@link CallBenchmark#fibRecursive} and {@link ArithBenchmark} of a build without the budget.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xss16m")
public class BudgetBenchmark {
    static final int LOOP_N = 10_000;

    static final String LOOP = """
            return function(n)
              local x, s = 1, 0
              for i = 1, n do
                x = (x * 1103515245 + 12345) % 2147483648
                if x % 3 == 0 then s = s + 1 else s = s - 1 end
              end
              return s
            end
            """;

    /** "off": no budget; "on": a budget of Long.MAX_VALUE / 2 steps. */
    @Param({"off", "on"})
    public String budget;

    LuaState state;
    LuaFunction fib;
    LuaFunction loop;
    final Object[] fibArgs = {Long.valueOf(CallBenchmark.FIB_N)};
    final Object[] loopArgs = {Long.valueOf(LOOP_N)};

    @Setup
    public void setUp() {
        state = LuaBench.warmState();
        fib = LuaBench.loadFunction(state, "fib", CallBenchmark.FIB);
        loop = LuaBench.loadFunction(state, "loop", LOOP);
        if (budget.equals("on")) state.setInstructionLimit(Long.MAX_VALUE / 2);
        LuaBench.check(state, fib, fibArgs, 6765);
        LuaBench.check(state, loop, loopArgs, expectedLoop(LOOP_N));
    }

    static long expectedLoop(int n) {
        long x = 1;
        long s = 0;
        for (int i = 1; i <= n; i++) {
            x = Math.floorMod(x * 1103515245L + 12345, 2147483648L);
            s += x % 3 == 0 ? 1 : -1;
        }
        return s;
    }

    /** fib(20); score per call. */
    @Benchmark
    @OperationsPerInvocation(CallBenchmark.FIB_CALLS)
    public Object fib() {
        return state.call(fib, fibArgs);
    }

    /** The LCG loop; score per iteration. */
    @Benchmark
    @OperationsPerInvocation(LOOP_N)
    public Object loop() {
        return state.call(loop, loopArgs);
    }
}
