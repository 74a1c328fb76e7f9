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
 * String concatenation ({@code ..}, CONCAT): several short operands including an integer
 * (number-to-string conversion), and growing one string by repeated appends. Scores are per
 * concatenation expression.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xss16m")
public class StringConcatBenchmark {
    static final int N = 1_000;

    /** Each iteration builds "key" .. i .. ":" .. sep (4 operands, one integer). */
    static final String SHORT = """
            return function(n)
              local total, sep = 0, "|"
              for i = 1, n do
                local s = "key" .. i .. ":" .. sep
                total = total + #s
              end
              return total
            end
            """;

    /** Appends to one string: s = s .. "ab" (the copy grows with s: quadratic in n). */
    static final String APPEND = """
            return function(n)
              local s = ""
              for i = 1, n do s = s .. "ab" end
              return #s
            end
            """;

    LuaState state;
    LuaFunction shortConcat;
    LuaFunction append;
    final Object[] args = {Long.valueOf(N)};

    @Setup
    public void setUp() {
        state = LuaBench.warmState();
        shortConcat = LuaBench.loadFunction(state, "shortConcat", SHORT);
        append = LuaBench.loadFunction(state, "append", APPEND);
        LuaBench.check(state, shortConcat, args, expectedShort(N));
        LuaBench.check(state, append, args, 2L * N);
    }

    static long expectedShort(int n) {
        long total = 0;
        for (int i = 1; i <= n; i++) {
            total += ("key" + i + ":|").length();
        }
        return total;
    }

    /** 1,000 four-operand concatenations with an integer-to-string conversion. */
    @Benchmark
    @OperationsPerInvocation(N)
    public Object shortOperands() {
        return state.call(shortConcat, args);
    }

    /** 1,000 appends to a string growing to 2,000 bytes. */
    @Benchmark
    @OperationsPerInvocation(N)
    public Object appendGrowing() {
        return state.call(append, args);
    }
}
