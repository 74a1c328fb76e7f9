package dev.lunatik.conformance;

import dev.lunatik.kernel.libs.Lunatik;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaFunction;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Runs one chunk in a fresh {@link LuaState} with its output captured and a time limit: the one
 * place both conformance runners (the corpus test and {@link SuiteRunner}) get an
 * isolated, bounded execution from.
 *
 * <p>The state is built, the chunk compiled and run on a new worker thread (with a large Java
 * stack, so that a VM bug recursing on the Java stack shows up as a result rather than killing
 * the caller). When the limit passes, the worker is interrupted and, if it still runs, stopped:
 * a runaway script must not keep burning a core for the rest of the test run. (The state has no
 * instruction limit yet; once it has one, prefer it.)
 */
public final class IsolatedRun {
    private static final long WORKER_STACK_BYTES = 64L << 20;
    private static final long GRACE_MILLIS = 500;

    private IsolatedRun() {}

    /** Prepares a fresh state before the chunk runs (e.g. sets globals). May throw {@link LuaError}. */
    @FunctionalInterface
    public interface Setup {
        void prepare(LuaState state);

        /** A setup that does nothing. */
        static Setup none() {
            return state -> {};
        }
    }

    /** How a run ended. */
    public enum Status {
        /** The chunk returned normally. */
        OK,
        /** The chunk (or its compilation) raised a Lua error: see {@link Outcome#error()}. */
        LUA_ERROR,
        /** A Java exception other than {@link LuaError} escaped: a VM bug. See {@link Outcome#crash()}. */
        CRASH,
        /** The time limit passed. */
        TIMEOUT
    }

    /**
     * The result of one run.
     *
     * @param status how it ended
     * @param stdout bytes {@code print} wrote, decoded as ISO-8859-1 (one char per byte, exact)
     * @param stderr bytes written to the state's error stream ({@code warn}), as ISO-8859-1
     * @param error the uncaught Lua error when {@code status} is {@link Status#LUA_ERROR}
     * @param crash the escaped Java exception when {@code status} is {@link Status#CRASH}
     * @param elapsed wall time of the run
     */
    public record Outcome(
            Status status, String stdout, String stderr, LuaError error, Throwable crash, Duration elapsed) {

        /** First line of the uncaught error's message (Lua's {@code tostring} rules), or null. */
        public String errorFirstLine() {
            return error == null ? null : firstLine(error.getMessage());
        }

        /** One line describing a non-OK ending, for reports. */
        public String describe() {
            return switch (status) {
                case OK -> "ok";
                case LUA_ERROR -> errorFirstLine();
                case CRASH -> crash.getClass().getName()
                        + (crash.getMessage() == null ? "" : ": " + firstLine(crash.getMessage()));
                case TIMEOUT -> "timeout after " + elapsed.toSeconds() + " s";
            };
        }
    }

    /** The text up to the first line break (the whole text if it has none). */
    public static String firstLine(String text) {
        if (text == null) return null;
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    /**
     * Builds a fresh state whose {@code print} and {@code warn} write into buffers, applies
     * {@code setup}, compiles {@code source} under {@code chunkName} and calls it with no
     * arguments, all on a worker thread, waiting at most {@code timeout}.
     */
    public static Outcome run(byte[] source, String chunkName, Duration timeout, Setup setup) {
        return run(source, chunkName, timeout, Lunatik::kernelState, setup);
    }

    /**
     * As {@link #run(byte[], String, Duration, Setup)}, with the state made from {@code builder}
     * (its output streams are replaced by the capturing ones).
     */
    public static Outcome run(
            byte[] source, String chunkName, Duration timeout, java.util.function.Supplier<LuaState.Builder> builder, Setup setup) {
        Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(chunkName, "chunkName");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(setup, "setup");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Throwable[] thrown = new Throwable[1];
        java.util.concurrent.atomic.AtomicReference<LuaState> running = new java.util.concurrent.atomic.AtomicReference<>();
        Runnable task = () -> {
            try (PrintStream po = new PrintStream(out, true, StandardCharsets.ISO_8859_1);
                    PrintStream pe = new PrintStream(err, true, StandardCharsets.ISO_8859_1)) {
                LuaState state = builder.get().stdout(po).stderr(pe).build();
                running.set(state);
                try {
                    setup.prepare(state);
                    LuaFunction chunk = state.loadFileText(source, chunkName); // as lua runs a file: a shebang line is skipped
                    state.call(chunk);
                } finally {
                    state.close(); // as lua does at exit: pending finalizers run (their errors are warnings)
                }
            } catch (Throwable t) { // a crash of any kind is a result to report, not to propagate
                synchronized (thrown) {
                    thrown[0] = t;
                }
            }
        };
        Thread worker = new Thread(null, task, "lua-run " + chunkName, WORKER_STACK_BYTES);
        worker.setDaemon(true);
        long start = System.nanoTime();
        worker.start();
        boolean finished = awaitEnd(worker, timeout.toMillis());
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (!finished) {
            LuaState state = running.get();
            if (state != null) state.interrupt(); // the VM stops at its next loop iteration or call
            kill(worker);
            return new Outcome(Status.TIMEOUT, snapshot(out), snapshot(err), null, null, elapsed);
        }
        Throwable t;
        synchronized (thrown) {
            t = thrown[0];
        }
        if (t == null) return new Outcome(Status.OK, snapshot(out), snapshot(err), null, null, elapsed);
        if (t instanceof LuaError e) {
            return new Outcome(Status.LUA_ERROR, snapshot(out), snapshot(err), e, null, elapsed);
        }
        return new Outcome(Status.CRASH, snapshot(out), snapshot(err), null, t, elapsed);
    }

    private static boolean awaitEnd(Thread worker, long millis) {
        try {
            worker.join(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !worker.isAlive();
    }

    /** Interrupts the worker; if it ignores that, stops it (still possible on Java 17). */
    @SuppressWarnings({"deprecation", "removal"})
    private static void kill(Thread worker) {
        worker.interrupt();
        if (awaitEnd(worker, GRACE_MILLIS)) return;
        try {
            worker.stop();
        } catch (UnsupportedOperationException newerJdk) {
            // Java 20+: the daemon worker is abandoned; it dies with the JVM.
        }
    }

    private static String snapshot(ByteArrayOutputStream buffer) {
        synchronized (buffer) {
            return buffer.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
