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
 * The table library's hot paths: {@code table.insert(t, v)} appends (and inserts at the front of
 * a short list), and {@code table.concat} of a list of integers and strings. Scores are per
 * inserted element and per concatenated element.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xss16m")
public class TableLibBenchmark {
    static final int N = 1_000;

    /** Appends n integers with table.insert(t, v), then 10 inserts at position 1; returns #t. */
    static final String INSERT = """
            local insert = table.insert
            return function(n)
              local t = {}
              for i = 1, n do insert(t, i) end
              for i = 1, 10 do insert(t, 1, i) end
              return #t
            end
            """;

    /** table.concat of n elements (alternating integers and short strings) with a separator; returns the length. */
    static final String CONCAT = """
            local concat = table.concat
            local list = {}
            return function(n)
              if #list ~= n then
                for i = 1, n do list[i] = (i % 2 == 0) and i or "s" .. i end
              end
              return #concat(list, ",")
            end
            """;

    LuaState state;
    LuaFunction insert;
    LuaFunction concat;
    final Object[] args = {Long.valueOf(N)};

    @Setup
    public void setUp() {
        state = LuaBench.warmState();
        insert = LuaBench.loadFunction(state, "insert", INSERT);
        concat = LuaBench.loadFunction(state, "concat", CONCAT);
        LuaBench.check(state, insert, args, N + 10);
        LuaBench.check(state, concat, args, expectedConcat(N));
    }

    static long expectedConcat(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            if (i > 1) sb.append(',');
            sb.append(i % 2 == 0 ? Integer.toString(i) : "s" + i);
        }
        return sb.length();
    }

    /** 1,010 table.insert calls into a fresh table (1,000 appends, 10 front inserts). */
    @Benchmark
    @OperationsPerInvocation(N + 10)
    public Object insert() {
        return state.call(insert, args);
    }

    /** One table.concat of 1,000 elements; score per element. */
    @Benchmark
    @OperationsPerInvocation(N)
    public Object concat() {
        return state.call(concat, args);
    }
}
