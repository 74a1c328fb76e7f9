package dev.lunatik.bench;

import dev.lunatik.kernel.libs.Lunatik;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.LuaFunction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Shared set-up for the JMH benchmarks: a fresh {@link LuaState} whose interpreter has already
 * executed every opcode family (see {@code warmup.lua}), and helpers to load a benchmark chunk
 * (which returns the function to measure) and to check that it computes the right answer before
 * anything is timed.
 */
public final class LuaBench {
    /** Iterations of the warm-up function per call. */
    static final int WARMUP_ITERATIONS = 200;

    /** Calls of the warm-up function made by {@link #warmUp}, unless {@link #WARMUP_CALLS_PROPERTY} says otherwise. */
    static final int WARMUP_CALLS = 100;

    /** System property overriding {@link #WARMUP_CALLS} (tests use a small value to run faster). */
    public static final String WARMUP_CALLS_PROPERTY = "lunatik.bench.warmupCalls";

    private LuaBench() {}

    /** A new state with the standard libraries; {@code print} output is discarded. */
    public static LuaState newState() {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        return Lunatik.kernelState().stdout(sink).build();
    }

    /**
     * Runs the opcode warm-up chunk {@link #WARMUP_CALLS} times (at least once) so the interpreter's dispatch loop
     * is profiled with every opcode before a benchmark's own loop gets it compiled. Returns the
     * last result (so the work cannot be optimised away).
     */
    public static Object warmUp(LuaState state) {
        LuaFunction warm = loadFunction(state, "warmup", resource("warmup.lua"));
        Object[] args = {Long.valueOf(WARMUP_ITERATIONS)};
        Object last = null;
        int calls = Math.max(1, Integer.getInteger(WARMUP_CALLS_PROPERTY, WARMUP_CALLS));
        for (int i = 0; i < calls; i++) {
            last = first(state.call(warm, args));
        }
        if (!(last instanceof Long)) {
            throw new IllegalStateException("warm-up chunk returned " + last + ", expected an integer");
        }
        return last;
    }

    /** A new, warmed-up state: {@link #newState()} followed by {@link #warmUp}. */
    public static LuaState warmState() {
        LuaState state = newState();
        if (!Boolean.getBoolean(SKIP_WARMUP_PROPERTY)) {
            warmUp(state);
        }
        return state;
    }

    /**
     * System property that skips the opcode warm-up (for experiments only, e.g. to see how much a
     * benchmark-specialised dispatch loop flatters the numbers): pass
     * {@code -jvmArgsAppend -Dlunatik.bench.skipWarmup=true} to JMH.
     */
    public static final String SKIP_WARMUP_PROPERTY = "lunatik.bench.skipWarmup";

    /** Loads {@code source} (a chunk that returns a function), runs it, and returns that function. */
    public static LuaFunction loadFunction(LuaState state, String name, String source) {
        Object[] results = state.call(state.load(source, "=" + name));
        Object fn = first(results);
        if (!(fn instanceof LuaFunction)) {
            throw new IllegalStateException("chunk '" + name + "' returned " + fn + " instead of a function");
        }
        return (LuaFunction) fn;
    }

    /** The first of a call's results, or null (nil) when there are none. */
    public static Object first(Object[] results) {
        return results == null || results.length == 0 ? null : results[0];
    }

    /**
     * Calls {@code fn} with {@code args} once and fails unless its first result is the integer
     * {@code expected}: a benchmark must not time a wrong computation.
     */
    public static void check(LuaState state, LuaFunction fn, Object[] args, long expected) {
        Object got = first(state.call(fn, args));
        if (!(got instanceof Long) || (Long) got != expected) {
            throw new IllegalStateException(fn.name() + " returned " + got + ", expected " + expected);
        }
    }

    /** The text of a resource next to this class (UTF-8). */
    static String resource(String name) {
        try (InputStream in = LuaBench.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
