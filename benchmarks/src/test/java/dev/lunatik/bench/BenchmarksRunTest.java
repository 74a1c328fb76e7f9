package dev.lunatik.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * Every JMH benchmark works against the real VM: its {@code @Setup} (opcode warm-up, loading the
 * chunk, checking its answer; with a shortened warm-up) succeeds and each {@code @Benchmark} method returns the chunk's
 * integer result. No timing is asserted.
 */
class BenchmarksRunTest {
    static final List<Class<?>> BENCHMARKS = List.of(
            ArithBenchmark.class, CallBenchmark.class, ClosureBenchmark.class, MethodCallBenchmark.class,
            StringConcatBenchmark.class, TableArrayBenchmark.class, TableFieldBenchmark.class, TableLibBenchmark.class);

    @BeforeAll
    static void shortWarmUp() {
        System.setProperty(LuaBench.WARMUP_CALLS_PROPERTY, "3");
    }

    @AfterAll
    static void defaultWarmUp() {
        System.clearProperty(LuaBench.WARMUP_CALLS_PROPERTY);
    }

    static Stream<Class<?>> benchmarks() {
        return BENCHMARKS.stream();
    }

    @ParameterizedTest
    @MethodSource("benchmarks")
    void setUpSucceedsAndEveryBenchmarkReturnsAnInteger(Class<?> type) throws Exception {
        Object bench = type.getDeclaredConstructor().newInstance();
        List<Method> setups = Arrays.stream(type.getMethods()).filter(m -> m.isAnnotationPresent(Setup.class)).toList();
        List<Method> benchmarks =
                Arrays.stream(type.getMethods()).filter(m -> m.isAnnotationPresent(Benchmark.class)).toList();
        assertThat(setups).hasSize(1);
        assertThat(benchmarks).isNotEmpty();
        setups.get(0).invoke(bench);
        for (Method m : benchmarks) {
            Object result = m.invoke(bench);
            assertThat(result).as(m.getName()).isInstanceOf(Object[].class);
            assertThat((Object[]) result).as(m.getName()).isNotEmpty();
            assertThat(((Object[]) result)[0]).as(m.getName()).isInstanceOf(Long.class);
        }
    }
}
