package dev.lunatik.cli;

import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.libs.Lunatik;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.api.ScriptFiles;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaString;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The daemon's driver state, Lunatik's {@code driver} runtime: a kernel state over the daemon's
 * kernel in which REPL chunks and {@code lunatik eval} run, one at a time, with globals that
 * persist between them; {@code lunatik} (with {@code lunatik.runner}) is a global, as the real
 * tool sets it up. Like every runtime it sees only the script root, and it has the runtimes'
 * memory limit.
 *
 * <p>A chunk runs on the requesting client's behalf: if that client goes away (Ctrl-C, a
 * timeout), the chunk is aborted at its next instruction (a {@code pcall} cannot keep it going)
 * and its thread woken from any sleep, so the state is free again at once. Another chunk waits
 * at most {@link #BUSY_WAIT_MILLIS} for the state, then is told it is busy.
 */
final class Driver {
    /** The status of a REPL chunk that needs more lines. */
    static final int INCOMPLETE = 3;
    /** How long a chunk waits for the state while another runs. */
    static final long BUSY_WAIT_MILLIS = 2_000;

    private final Kernel kernel;
    private final LuaState state;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile long runningSince;
    private final Object guard = new Object();
    private long evals;
    private long current; // the chunk running (its number), 0 when none; under guard

    Driver(Kernel kernel) {
        this.kernel = kernel;
        java.io.PrintStream log = kernel.log().printStream();
        this.state = Lunatik.kernelState().stackLimit(kernel.runtimeStackLimit()).scriptRoot(kernel.scriptRoot())
                .scriptFiles(ScriptFiles.confined(kernel.scriptRoot())).memoryLimit(kernel.runtimeMemoryLimit())
                .stdout(log).stderr(log).build();
        state.setExtraSpace(kernel);
        state.setGlobal("_LUNATIK_VERSION", Lunatik.VERSION);
        state.execute("lunatik = require 'lunatik'\nlunatik.runner = require 'lunatik.runner'", "=driver");
    }

    /**
     * Runs a chunk and answers with its values (tab-separated, each as {@code tostring} gives its
     * bytes) or its error. {@code repl}: a chunk that ends too early answers
     * {@link #INCOMPLETE} with no output (the REPL asks for another line); otherwise that is a
     * syntax error like any other.
     */
    int eval(byte[] chunk, boolean repl, Reply reply) throws Reply.ClientGone {
        boolean locked;
        try {
            locked = lock.tryLock(BUSY_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            throw new Reply.ClientGone();
        }
        if (!locked) {
            long secs = (System.nanoTime() - runningSince) / 1_000_000_000L;
            reply.err("lunatik: the driver state is busy running another chunk (for " + secs
                    + " s); end it with Ctrl-C in its client, or 'lunatik reload'\n");
            return 1;
        }
        try {
            runningSince = System.nanoTime();
            synchronized (guard) {
                current = ++evals;
            }
            return evalLocked(chunk, repl, reply);
        } finally {
            synchronized (guard) {
                current = 0;
                if (!unloading) {
                    state.clearAbort();
                }
            }
            reply.onHangup(null);
            Thread.interrupted(); // a hang-up's wake-up call is not for the next request
            lock.unlock();
        }
    }

    private int evalLocked(byte[] chunk, boolean repl, Reply reply) throws Reply.ClientGone {
        Object fn;
        try {
            fn = state.load(concat("return ".getBytes(StandardCharsets.US_ASCII), chunk), "=stdin");
        } catch (LuaError e) {
            try {
                fn = state.load(chunk, "=stdin");
            } catch (LuaError syntax) {
                byte[] msg = message(syntax);
                if (repl && endsWith(msg, "<eof>")) {
                    return INCOMPLETE;
                }
                reply.err(concat(msg, new byte[] {'\n'}));
                return 1;
            }
        }
        Thread worker = Thread.currentThread();
        long id = current;
        reply.onHangup(() -> {
            synchronized (guard) {
                if (current == id) {
                    state.abort("interrupted (the client went away)"); // nobody waits for the answer
                    worker.interrupt(); // a chunk asleep or blocked in a receive
                }
            }
        });
        Object[] r;
        try {
            r = state.call(fn);
        } catch (LuaError e) {
            reply.err(concat(message(e), new byte[] {'\n'}));
            return 1;
        }
        if (r.length > 0) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < r.length; i++) {
                if (i > 0) {
                    out.write('\t');
                }
                byte[] b = state.tostring(r[i]).bytes();
                out.write(b, 0, b.length);
            }
            out.write('\n');
            reply.out(out.toByteArray());
        }
        return 0;
    }

    /** An error's message as Lua's bytes. */
    private byte[] message(LuaError e) {
        Object v = e.value();
        if (v instanceof LuaString s) {
            return s.bytes();
        }
        try {
            return state.tostring(v).bytes();
        } catch (LuaError again) {
            return String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static boolean endsWith(byte[] b, String suffix) {
        byte[] s = suffix.getBytes(StandardCharsets.US_ASCII);
        if (b.length < s.length) {
            return false;
        }
        for (int i = 0; i < s.length; i++) {
            if (b[b.length - s.length + i] != s[i]) {
                return false;
            }
        }
        return true;
    }

    private volatile boolean unloading;

    /** Aborts whatever chunk runs, and every later one (unload). */
    void abort() {
        unloading = true;
        state.abort("the daemon is unloading");
    }

    /** Closes the state (its finalizers run), once no chunk runs or after a short wait. */
    void close() {
        try {
            if (lock.tryLock(500, TimeUnit.MILLISECONDS)) {
                try {
                    state.close();
                } finally {
                    lock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
