package dev.lunatik.kernel;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Time limits for calls into Lua that must not hold their caller for long: a packet filter
 * (NPFLua), a socket's receive entry (ULP Lua). The caller brackets each call with
 * {@link Guard#begin} and {@link Guard#end}; one thread per kernel looks at the running calls every
 * {@link #TICK_MILLIS} and aborts one that has run longer than its guard's limit
 * ({@link Abort#abort}: typically {@code LuaState.abort}, which no {@code pcall} can outrun, so
 * the call unwinds to its caller within a few instructions). {@link Guard#end} lifts the abort and
 * says whether it happened. The thread runs only while guards exist.
 *
 * <p>Cost per call: two uncontended monitor entries and a clock read; nothing is allocated.
 */
public final class CallWatchdog {
    /** How often the running calls are looked at. */
    public static final long TICK_MILLIS = 10;

    /** What the watchdog does to a call over its limit, and undoes when that call has ended. */
    public interface Abort {
        /** Makes the running call give up (from the watchdog's thread). */
        void abort();

        /** Ends the abort, once the call has returned (from the caller's thread). */
        void lift();
    }

    private final Set<Guard> live = ConcurrentHashMap.newKeySet();
    private Thread thread;

    private CallWatchdog() {}

    /** The watchdog of {@code kernel}, made on first use. */
    public static CallWatchdog of(Kernel kernel) {
        return kernel.service("lunatik.call-watchdog", CallWatchdog::new);
    }

    /** A guard for calls that may each run {@code limitMillis} (at least 1 ms), aborted by {@code abort}. */
    public Guard guard(long limitMillis, Abort abort) {
        Guard g = new Guard(abort, limitMillis);
        synchronized (this) {
            live.add(g);
            if (thread == null) {
                thread = new Thread(this::watch, "lunatik-call-watchdog");
                thread.setDaemon(true);
                thread.start();
            }
        }
        return g;
    }

    private void watch() {
        while (true) {
            synchronized (this) {
                if (live.isEmpty()) {
                    thread = null;
                    return;
                }
            }
            long now = System.nanoTime();
            for (Guard g : live) {
                g.check(now);
            }
            try {
                Thread.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                synchronized (this) {
                    thread = null;
                }
                return;
            }
        }
    }

    /** The time limit of one caller's calls (one call at a time). */
    public final class Guard implements AutoCloseable {
        private final Abort abort;
        private volatile long limitNanos;
        /** Under this guard's monitor: when the running call started (0: none), whether it was aborted, whether closed. */
        private long busySince;
        private boolean aborted;
        private boolean closed;

        Guard(Abort abort, long limitMillis) {
            this.abort = abort;
            setLimitMillis(limitMillis);
        }

        /** How long a call may run before it is aborted. */
        public long limitMillis() {
            return limitNanos / 1_000_000L;
        }

        /** Sets {@link #limitMillis()} (at least 1 ms). */
        public void setLimitMillis(long millis) {
            limitNanos = Math.max(1, millis) * 1_000_000L;
        }

        /** A call starts. */
        public synchronized void begin() {
            busySince = System.nanoTime() | 1; // never 0
            aborted = false;
        }

        /** The call has returned (or thrown): true when the watchdog aborted it; the abort is lifted. */
        public synchronized boolean end() {
            busySince = 0;
            if (!aborted) {
                return false;
            }
            aborted = false;
            if (!closed) {
                abort.lift();
            }
            return true;
        }

        synchronized void check(long now) {
            if (busySince != 0 && !aborted && !closed && now - busySince > limitNanos) {
                aborted = true;
                abort.abort();
            }
        }

        /** No more aborts from the watchdog for this caller (call it before closing what it aborts). Idempotent. */
        @Override
        public void close() {
            synchronized (this) {
                closed = true;
            }
            live.remove(this);
        }
    }
}
