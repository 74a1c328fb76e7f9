package dev.lunatik.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * What a command writes its reply to: a bounded queue of {@link Frames} that the daemon's I/O
 * thread sends to the client. A command producing faster than the client reads (a {@code dev
 * cat} piped into a pager) waits once {@link #CAPACITY} bytes are queued, so a slow or stuck
 * client costs a fixed amount of memory. Once the client has gone (it closed the connection,
 * Ctrl-C), every write throws {@link ClientGone} and the hang-up action runs, so the command
 * stops instead of producing for nobody.
 */
final class Reply {
    /** Bytes queued before a writer waits. */
    static final int CAPACITY = 1 << 20;

    /** The client is gone: nobody reads this reply any more. */
    static final class ClientGone extends IOException {
        private static final long serialVersionUID = 1L;

        ClientGone() {
            super("the client went away");
        }
    }

    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private final Runnable wake;
    private long queued;
    private boolean gone;
    private boolean ended;
    private Runnable onHangup;

    /** A reply whose I/O thread is woken by {@code wake} when there is something to send. */
    Reply(Runnable wake) {
        this.wake = wake;
    }

    /** Standard output bytes. */
    void out(byte[] b) throws ClientGone {
        if (b.length > 0) {
            put(Frames.output('O', b, 0, b.length));
        }
    }

    /** Standard output text (UTF-8). */
    void out(String s) throws ClientGone {
        out(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Standard error bytes. */
    void err(byte[] b) throws ClientGone {
        if (b.length > 0) {
            put(Frames.output('E', b, 0, b.length));
        }
    }

    /** Standard error text (UTF-8). */
    void err(String s) throws ClientGone {
        err(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Ends the reply with {@code status}; later writes are ignored. */
    void exit(int status) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            if (!gone) {
                ByteBuffer f = Frames.exit(status);
                queue.add(f);
                queued += f.remaining();
            }
        }
        wake.run();
    }

    /** Ends the reply with ready-made frames (the I/O thread's own short answers). */
    synchronized void exitWith(ByteBuffer frames) {
        if (ended) {
            return;
        }
        ended = true;
        queue.add(frames);
        queued += frames.remaining();
    }

    private void put(java.util.List<ByteBuffer> frames) throws ClientGone {
        synchronized (this) {
            for (ByteBuffer f : frames) {
                while (queued > CAPACITY && !gone) {
                    wake.run(); // what is queued must go before there is room
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new ClientGone();
                    }
                }
                if (gone) {
                    throw new ClientGone();
                }
                if (ended) {
                    return;
                }
                queue.add(f);
                queued += f.remaining();
            }
        }
        wake.run();
    }

    /** Whether the client has gone. */
    synchronized boolean isGone() {
        return gone;
    }

    /**
     * Sets what to do if the client goes away while the command runs (abort a script, wake a
     * blocked read); runs at once if it already has. It runs on the daemon's I/O thread, so it
     * must not block. Null clears it.
     */
    void onHangup(Runnable action) {
        boolean now;
        synchronized (this) {
            onHangup = action;
            now = gone && action != null;
        }
        if (now) {
            action.run();
        }
    }

    // ---- the I/O thread's side ------------------------------------------------------------

    /** The next frame to send (partly sent, perhaps), or null. */
    synchronized ByteBuffer peek() {
        return queue.peek();
    }

    /** {@code n} bytes of the head frame were sent; drops it when done. */
    synchronized void sent(int n) {
        queued -= n;
        ByteBuffer head = queue.peek();
        if (head != null && !head.hasRemaining()) {
            queue.poll();
        }
        notifyAll();
    }

    /** Whether the reply has ended and everything was sent. */
    synchronized boolean finished() {
        return ended && queue.isEmpty();
    }

    /** The client went away: wakes waiting writers, drops what is queued, runs the hang-up action. */
    void hangup() {
        Runnable action;
        synchronized (this) {
            if (gone) {
                return;
            }
            gone = true;
            queue.clear();
            queued = 0;
            notifyAll();
            action = ended ? null : onHangup;
        }
        if (action != null) {
            action.run();
        }
    }
}
