package dev.lunatik.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Commands the daemon answers per second, each a whole request over its Unix domain socket
 * (connect, send, reply, close) from a warm client in the benchmark's JVM; the daemon is a
 * process of its own. {@code load=spinning}: a kernel thread spins in Lua for the whole run
 * (a {@code while true do end} that never checks {@code thread.shouldstop()}), on one of the
 * machine's cores. Before issue 10 every command but {@code status} hung forever in that state.
 * The warm-up is long because two JVMs warm up: both the daemon's and the client's request
 * paths take some 20 s of requests to reach C2 on a loaded 2-core machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DaemonCommandBenchmark {
    @Param({"idle", "spinning"})
    public String load;

    DaemonFixture daemon;

    @Setup(Level.Trial)
    public void start() throws Exception {
        daemon = new DaemonFixture();
        if (load.equals("spinning")) {
            daemon.ok("spawn", "t/spin");
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        daemon.close();
    }

    @Benchmark
    public int status() throws IOException {
        return daemon.ok("status").out().length;
    }

    @Benchmark
    public int list() throws IOException {
        return daemon.ok("list").out().length;
    }

    @Benchmark
    public int eval() throws IOException {
        return daemon.ok("eval", "1 + 1").out().length;
    }
}
