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
 * The string library's hot functions: {@code string.format("%d", i)}, {@code gsub} with a
 * pattern and a {@code %1} replacement over a 60-byte subject, and {@code string.byte(s, i)}.
 * Scores are per library call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xss16m")
public class StringLibBenchmark {
    static final int N = 1_000;

    /** Sum of the lengths of string.format("%d", i * 7919) for i = 1..n. */
    static final String FORMAT = """
            return function(n)
              local fmt, total = string.format, 0
              for i = 1, n do total = total + #fmt("%d", i * 7919) end
              return total
            end
            """;

    /** n gsub calls over a fixed subject; sum of the substitution counts plus result lengths. */
    static final String GSUB = """
            local subject = "key1=val1, key2=val2, key3=val3, name=lunatik, flavour=kernel"
            return function(n)
              local gsub, total = string.gsub, 0
              for i = 1, n do
                local r, k = gsub(subject, "(%w+)=(%w+)", "%2:%1")
                total = total + #r + k
              end
              return total
            end
            """;

    /** Sums string.byte(s, i) over a 100-byte string, n times in total. */
    static final String BYTE = """
            local s = string.rep("Lunatik on the JVM! ", 5)
            return function(n)
              local byte, total = string.byte, 0
              for i = 1, n do total = total + byte(s, i % 100 + 1) end
              return total
            end
            """;

    static final String BYTE_TEXT = "Lunatik on the JVM! ".repeat(5);

    LuaState state;
    LuaFunction format;
    LuaFunction gsub;
    LuaFunction bytes;
    final Object[] args = {Long.valueOf(N)};

    @Setup
    public void setUp() {
        state = LuaBench.warmState();
        format = LuaBench.loadFunction(state, "format", FORMAT);
        gsub = LuaBench.loadFunction(state, "gsub", GSUB);
        bytes = LuaBench.loadFunction(state, "byte", BYTE);
        LuaBench.check(state, format, args, expectedFormat(N));
        LuaBench.check(state, gsub, args, expectedGsub(N));
        LuaBench.check(state, bytes, args, expectedByte(N));
    }

    static long expectedFormat(int n) {
        long total = 0;
        for (int i = 1; i <= n; i++) total += Long.toString(i * 7919L).length();
        return total;
    }

    static long expectedGsub(int n) {
        String subject = "key1=val1, key2=val2, key3=val3, name=lunatik, flavour=kernel";
        String r = subject.replaceAll("(\\w+)=(\\w+)", "$2:$1");
        return (long) n * (r.length() + 5);
    }

    static long expectedByte(int n) {
        long total = 0;
        for (int i = 1; i <= n; i++) total += BYTE_TEXT.charAt(i % 100);
        return total;
    }

    /** 1,000 string.format("%d", i) calls. */
    @Benchmark
    @OperationsPerInvocation(N)
    public Object formatInteger() {
        return state.call(format, args);
    }

    /** 1,000 gsub calls, each making 5 substitutions with captures. */
    @Benchmark
    @OperationsPerInvocation(N)
    public Object gsubCaptures() {
        return state.call(gsub, args);
    }

    /** 1,000 string.byte(s, i) calls. */
    @Benchmark
    @OperationsPerInvocation(N)
    public Object byteAt() {
        return state.call(bytes, args);
    }
}
