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
 * String-keyed table access: fields of a record ({@code o.x}) and globals (the {@code _ENV}
 * table, GETTABUP/SETTABUP). Scores are per loop iteration (four field reads and two writes).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xss16m")
public class TableFieldBenchmark {
    static final int N = 10_000;

    static final String FIELDS = """
            return function(n)
              local o = {x = 0, y = 1, z = 2, name = "p", w = 4, v = 5}
              for i = 1, n do
                o.x = (o.x + o.y) % 65536
                o.y = o.z + o.w - o.v + i % 7
              end
              return o.x + o.y
            end
            """;

    static final String GLOBALS = """
            gx, gy, gz, gw = 0, 1, 2, 4
            return function(n)
              gx, gy = 0, 1
              for i = 1, n do
                gx = (gx + gy) % 65536
                gy = gz + gw - gy + i % 7
              end
              return gx + gy
            end
            """;

    LuaState state;
    LuaFunction fields;
    LuaFunction globals;
    final Object[] args = {Long.valueOf(N)};

    @Setup
    public void setUp() {
        state = LuaBench.warmState();
        fields = LuaBench.loadFunction(state, "fields", FIELDS);
        globals = LuaBench.loadFunction(state, "globals", GLOBALS);
        LuaBench.check(state, fields, args, expectedFields(N));
        LuaBench.check(state, globals, args, expectedGlobals(N));
    }

    static long expectedFields(int n) {
        long x = 0;
        long y = 1;
        for (long i = 1; i <= n; i++) {
            x = Math.floorMod(x + y, 65536L);
            y = 2 + 4 - 5 + i % 7;
        }
        return x + y;
    }

    static long expectedGlobals(int n) {
        long x = 0;
        long y = 1;
        for (long i = 1; i <= n; i++) {
            x = Math.floorMod(x + y, 65536L);
            y = 2 + 4 - y + i % 7;
        }
        return x + y;
    }

    /** Record fields: five reads, two writes per iteration. */
    @Benchmark
    @OperationsPerInvocation(N)
    public Object recordFields() {
        return state.call(fields, args);
    }

    /** Globals: four reads, two writes of {@code _ENV} fields per iteration. */
    @Benchmark
    @OperationsPerInvocation(N)
    public Object globalVariables() {
        return state.call(globals, args);
    }
}
