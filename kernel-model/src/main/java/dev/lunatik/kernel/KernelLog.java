package dev.lunatik.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * The kernel log: a bounded ring of timestamped lines. When full, the oldest line is dropped.
 * Every line gets a sequence number (0, 1, 2, ...) so a reader can follow the log with
 * {@link #since(long)} and {@link #nextSequence()}. Thread-safe.
 *
 * <p>Lines are bytes, as {@code printk}'s are: what a script prints is kept byte for byte (a Lua
 * string need not be UTF-8), and the byte views ({@link #linesSince}, {@link #followBytes})
 * give it back unchanged; the {@code String} views decode it as UTF-8 for Java callers.
 */
public final class KernelLog {
    private final byte[][] ring;
    private final long startNanos = System.nanoTime();
    private long next; // sequence number of the next line written
    private final java.util.List<java.util.function.Consumer<byte[]>> followers = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A log keeping at most {@code capacity} lines (at least 1). */
    public KernelLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        }
        this.ring = new byte[capacity][];
    }

    /**
     * Calls {@code follower} with every line written from now on (timestamped, as stored), in
     * order, on the writing thread and under the log's lock (so it must not write to the log).
     * Closing the returned handle stops it. The standalone interpreter follows the log this way
     * so that its runtimes' {@code print} shows on the terminal.
     */
    public AutoCloseable follow(java.util.function.Consumer<String> follower) {
        return followBytes(b -> follower.accept(text(b)));
    }

    /** As {@link #follow}, with each line's bytes as written (stamp included, no newline). */
    public AutoCloseable followBytes(java.util.function.Consumer<byte[]> follower) {
        followers.add(follower);
        return () -> followers.remove(follower);
    }

    private static String text(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The maximum number of lines kept. */
    public int capacity() {
        return ring.length;
    }

    /** Appends {@code line}, prefixed with a {@code [seconds.micros]} timestamp like dmesg. */
    public void write(String line) {
        write(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Appends the bytes of {@code line} (a line of a script's output, say), stamped as {@link #write(String)}. */
    public synchronized void write(byte[] line) {
        long us = (System.nanoTime() - startNanos) / 1000;
        byte[] stamp = String.format("[%5d.%06d] ", us / 1_000_000, us % 1_000_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] stamped = java.util.Arrays.copyOf(stamp, stamp.length + line.length);
        System.arraycopy(line, 0, stamped, stamp.length, line.length);
        ring[(int) (next % ring.length)] = stamped;
        next++;
        notifyAll();
        for (java.util.function.Consumer<byte[]> f : followers) {
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
        List<String> out = new ArrayList<>();
        for (byte[] b : linesSince(seq)) {
            out.add(text(b));
        }
        return out;
    }

    /** As {@link #since(long)}, each line's bytes as written. */
    public synchronized List<byte[]> linesSince(long seq) {
        long first = Math.max(Math.max(seq, 0), next - ring.length);
        List<byte[]> out = new ArrayList<>((int) Math.max(0, next - first));
        for (long s = first; s < next; s++) {
            out.add(ring[(int) (s % ring.length)]);
        }
        return out;
    }

    /**
     * Waits up to {@code timeoutMillis} for a line with sequence number {@code >= seq} to be
     * written, then returns {@link #since(long) since(seq)} (possibly empty on timeout).
     */
    public List<String> await(long seq, long timeoutMillis) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (byte[] b : awaitLines(seq, timeoutMillis)) {
            out.add(text(b));
        }
        return out;
    }

    /** As {@link #await}, each line's bytes as written. */
    public List<byte[]> awaitLines(long seq, long timeoutMillis) throws InterruptedException {
        return follow(seq, timeoutMillis).lines();
    }

    /** Lines read by {@link #follow(long, long)}, and the sequence number to follow on from. */
    public record Follow(List<byte[]> lines, long next) {}

    /**
     * Waits up to {@code timeoutMillis} for lines from sequence number {@code seq} on, and returns
     * those still in the ring with the number to ask for next, read together so that a follower
     * neither misses nor repeats a line (lines the ring dropped meanwhile are skipped).
     */
    public synchronized Follow follow(long seq, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (next <= seq) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return new Follow(linesSince(seq), Math.max(seq, next));
    }

    /**
     * A stream whose complete lines (up to each {@code '\n'}) become log lines, as {@code printk}
     * does with what kernel Lua's {@code print} writes, byte for byte; a line longer than 4,096
     * bytes is split. Each stream buffers its own partial line.
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
                KernelLog.this.write(line.toByteArray());
                line.reset();
            }
        }, true, java.nio.charset.StandardCharsets.UTF_8);
    }
}
