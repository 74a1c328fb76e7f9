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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long {@code lunatik stop} takes, as the request's round trip, for a kernel thread that
 * checks {@code thread.shouldstop()} ({@code polite}: it returns within its 10 ms sleep), one that
 * ignores it ({@code spinningThread}: ended by force after the stop grace, 400 ms by default) and a
 * runtime whose script's top level never returns ({@code spinningTopLevel}: aborted at once, it
 * was still starting). Each invocation starts the script afresh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, batchSize = 1)
@Measurement(iterations = 10, batchSize = 1)
@Fork(1)
public class DaemonStopBenchmark {
    DaemonFixture daemon;
    Thread starter;

    @Setup(Level.Trial)
    public void start() throws Exception {
        daemon = new DaemonFixture();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        daemon.close();
    }

    /** Per invocation: the scripts each benchmark stops. */
    @State(Scope.Thread)
    public static class Scripts {
        Thread run;

        @Setup(Level.Invocation)
        public void startThem(DaemonStopBenchmark b) throws Exception {
            b.daemon.ok("spawn", "t/polite");
            b.daemon.ok("spawn", "t/spin");
            run = new Thread(() -> {
                try {
                    b.daemon.request("run", "t/loop"); // returns when it is stopped
                } catch (IOException e) {
                    // reported by the stop
                }
            });
            run.start();
            b.daemon.awaitList("t/loop (starting)");
            Thread.sleep(20); // all three are running now
        }

        @TearDown(Level.Invocation)
        public void stopTheRest(DaemonStopBenchmark b) throws Exception {
            for (String s : new String[] {"t/polite", "t/spin", "t/loop"}) {
                b.daemon.request("stop", s);
            }
            run.join(10_000);
        }
    }

    @Benchmark
    public int polite(Scripts s) throws IOException {
        return daemon.ok("stop", "t/polite").status();
    }

    @Benchmark
    public int spinningThread(Scripts s) throws IOException {
        return daemon.ok("stop", "t/spin").status();
    }

    @Benchmark
    public int spinningTopLevel(Scripts s) throws IOException {
        return daemon.ok("stop", "t/loop").status();
    }
}
