package dev.lunatik.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * The kernel log: a bounded ring of timestamped lines. When full, the oldest line is dropped.
 * Every line gets a sequence number (0, 1, 2, ...) so a reader can follow the log with
 * {@link #since(long)} and {@link #nextSequence()}. Thread-safe.
 */
public final class KernelLog {
    private final String[] ring;
    private final long startNanos = System.nanoTime();
    private long next; // sequence number of the next line written
    private final java.util.List<java.util.function.Consumer<String>> followers = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A log keeping at most {@code capacity} lines (at least 1). */
    public KernelLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        }
        this.ring = new String[capacity];
    }

    /**
     * Calls {@code follower} with every line written from now on (timestamped, as stored), in
     * order, on the writing thread and under the log's lock (so it must not write to the log).
     * Closing the returned handle stops it. The standalone interpreter follows the log this way
     * so that its runtimes' {@code print} shows on the terminal.
     */
    public AutoCloseable follow(java.util.function.Consumer<String> follower) {
        followers.add(follower);
        return () -> followers.remove(follower);
    }

    /** The maximum number of lines kept. */
    public int capacity() {
        return ring.length;
    }

    /** Appends {@code line}, prefixed with a {@code [seconds.micros]} timestamp like dmesg. */
    public synchronized void write(String line) {
        long us = (System.nanoTime() - startNanos) / 1000;
        String stamped = String.format("[%5d.%06d] %s", us / 1_000_000, us % 1_000_000, line);
        ring[(int) (next % ring.length)] = stamped;
        next++;
        notifyAll();
        for (java.util.function.Consumer<String> f : followers) {
            f.accept(stamped);
        }
    }

    /** The sequence number the next written line will get (= number of lines ever written). */
    public synchronized long nextSequence() {
        return next;
    }

    /** The lines still in the ring, oldest first. */
    public synchronized List<String> snapshot() {
        return since(0);
    }

    /**
     * The lines with sequence number {@code >= seq} still in the ring, oldest first; lines that
     * were already overwritten are skipped. Follow the log by calling {@code since(n)} with
     * {@code n} = the previous {@link #nextSequence()}.
     */
    public synchronized List<String> since(long seq) {
        long first = Math.max(Math.max(seq, 0), next - ring.length);
        List<String> out = new ArrayList<>((int) Math.max(0, next - first));
        for (long s = first; s < next; s++) {
            out.add(ring[(int) (s % ring.length)]);
        }
        return out;
    }

    /**
     * Waits up to {@code timeoutMillis} for a line with sequence number {@code >= seq} to be
     * written, then returns {@link #since(long) since(seq)} (possibly empty on timeout).
     */
    public synchronized List<String> await(long seq, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (next <= seq) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return since(seq);
    }

    /**
     * A stream whose complete lines (up to each {@code '\n'}) become log lines, as {@code printk}
     * does with what kernel Lua's {@code print} writes. Bytes are taken as UTF-8; a line longer
     * than 4,096 bytes is split. Each stream buffers its own partial line.
     */
    public java.io.PrintStream printStream() {
        return new java.io.PrintStream(new java.io.OutputStream() {
            private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                if (b == '\n') {
                    flushLine();
                } else {
                    line.write(b);
                    if (line.size() >= 4096) {
                        flushLine();
                    }
                }
            }

            private void flushLine() {
                KernelLog.this.write(line.toString(java.nio.charset.StandardCharsets.UTF_8));
                line.reset();
            }
        }, true, java.nio.charset.StandardCharsets.UTF_8);
    }
}
