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
 * Method calls {@code obj:m(...)} (SELF + CALL): through a class table reached by
 * {@code __index} (the usual object model) and on a method stored in the object itself.
 * Scores are per method call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xss16m")
public class MethodCallBenchmark {
    static final int N = 10_000;

    static final String SOURCE = """
            local Account = {}
            Account.__index = Account
            function Account.new(b) return setmetatable({balance = b}, Account) end
            function Account:deposit(v) self.balance = (self.balance + v) % 1000003 end
            function Account:get() return self.balance end

            local own = {balance = 0}
            function own:deposit(v) self.balance = (self.balance + v) % 1000003 end
            function own:get() return self.balance end

            return function(viaClass, n)
              local a = viaClass and Account.new(0) or own
              a.balance = 0
              for i = 1, n, 2 do
                a:deposit(i)
                a:deposit(a:get() % 7)
              end
              return a:get()
            end
            """;

    LuaState state;
    LuaFunction fn;
    final Object[] classArgs = {Boolean.TRUE, Long.valueOf(N)};
    final Object[] ownArgs = {Boolean.FALSE, Long.valueOf(N)};

    @Setup
    public void setUp() {
        state = LuaBench.warmState();
        fn = LuaBench.loadFunction(state, "methods", SOURCE);
        long expected = expected(N);
        LuaBench.check(state, fn, classArgs, expected);
        LuaBench.check(state, fn, ownArgs, expected);
    }

    static long expected(int n) {
        long b = 0;
        for (long i = 1; i <= n; i += 2) {
            b = (b + i) % 1000003;
            b = (b + b % 7) % 1000003;
        }
        return b;
    }

    /** Methods found through the metatable's {@code __index} class table; 3 calls per 2 elements. */
    @Benchmark
    @OperationsPerInvocation(N / 2 * 3)
    public Object classMethods() {
        return state.call(fn, classArgs);
    }

    /** Methods stored in the object itself (no metatable lookup). */
    @Benchmark
    @OperationsPerInvocation(N / 2 * 3)
    public Object ownMethods() {
        return state.call(fn, ownArgs);
    }
}
