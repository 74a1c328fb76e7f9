package dev.lunatik.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The daemon's connections, all on one I/O thread: accepting, reading requests, sending replies
 * and noticing clients that go away. No command runs here; a complete request is handed to the
 * {@link Dispatcher}, which runs it elsewhere and writes to its {@link Reply}. So an idle or slow
 * connection costs a buffer, not a thread, and nothing a script does can stop the daemon from
 * reading, answering or refusing.
 *
 * <p>Bounds: at most {@code maxConnections} connections are open: a new one takes the place of
 * the oldest that has not sent its request (an idle one), and only when every connection is
 * running a command is it answered "too many connections" and closed; a request must arrive whole within
 * {@code requestTimeoutMillis} of the connection; a request is at most
 * {@link Frames#MAX_REQUEST} bytes. A connection from another user (by its peer credentials) is
 * read to the end of its request, then refused, so its client sees the refusal rather than a
 * broken pipe. A client that closes its connection while its command runs has hung up: the
 * command's {@link Reply} tells it so.
 */
final class DaemonServer {
    /** Runs a request: called on the I/O thread, must hand the work off and return at once. */
    interface Dispatcher {
        void dispatch(Frames.Request request, Reply reply);
    }

    /** Limits of the server; see the class comment. */
    record Limits(int maxConnections, long requestTimeoutMillis) {}

    private enum Phase { READING, RUNNING, CLOSING }

    /** One connection's state, owned by the I/O thread. */
    private final class Conn {
        final SocketChannel channel;
        final boolean trusted;
        final long deadline;
        final ByteBuffer header = ByteBuffer.allocate(4);
        ByteBuffer payload;
        Phase phase = Phase.READING;
        Reply reply;
        SelectionKey key;

        Conn(SocketChannel channel, boolean trusted, long deadline) {
            this.channel = channel;
            this.trusted = trusted;
            this.deadline = deadline;
        }
    }

    private final ServerSocketChannel server;
    private final Selector selector;
    private final Limits limits;
    private final Dispatcher dispatcher;
    private final java.util.function.Consumer<String> log;
    /** Open connections, oldest first (the I/O thread's; others only read the count). */
    private final java.util.LinkedHashSet<Conn> conns = new java.util.LinkedHashSet<>();
    private volatile int open;
    private final ConcurrentLinkedQueue<Conn> writable = new ConcurrentLinkedQueue<>();
    private final ByteBuffer scratch = ByteBuffer.allocate(4096);
    private volatile boolean stopping;
    private long acceptPausedUntil;
    private long lastRefusalLog;
    private int refusedSinceLog;

    DaemonServer(ServerSocketChannel server, Limits limits, Dispatcher dispatcher, java.util.function.Consumer<String> log)
            throws IOException {
        this.server = server;
        this.limits = limits;
        this.dispatcher = dispatcher;
        this.log = log;
        this.selector = Selector.open();
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
    }

    /** Open connections (for status and tests). */
    int connections() {
        return open;
    }

    /** Serves until {@link #stop}. */
    void run() {
        while (!stopping) {
            try {
                selector.select(200);
            } catch (IOException | ClosedSelectorException e) {
                if (stopping) {
                    break;
                }
                log.accept("lunatik: select: " + e);
                continue;
            }
            try {
                step();
            } catch (ClosedSelectorException e) {
                break;
            } catch (RuntimeException | OutOfMemoryError e) {
                // never let one bad connection end the serving loop
                log.accept("lunatik: I/O loop: " + e);
            }
        }
    }

    private void step() {
        Conn w;
        while ((w = writable.poll()) != null) {
            if (w.key != null && w.key.isValid()) {
                interest(w);
            }
        }
        long now = System.currentTimeMillis();
        for (SelectionKey k : selector.selectedKeys()) {
            if (!k.isValid()) {
                continue;
            }
            if (k.isAcceptable()) {
                accept(now);
                continue;
            }
            Conn c = (Conn) k.attachment();
            try {
                if (k.isReadable()) {
                    read(c);
                }
                if (k.isValid() && k.isWritable()) {
                    write(c);
                }
            } catch (IOException e) {
                close(c);
            }
        }
        selector.selectedKeys().clear();
        if (acceptPausedUntil != 0 && now >= acceptPausedUntil) {
            acceptPausedUntil = 0;
            SelectionKey sk = server.keyFor(selector);
            if (sk != null && sk.isValid()) {
                sk.interestOps(SelectionKey.OP_ACCEPT);
            }
        }
        expire(now);
    }

    private void accept(long now) {
        for (int i = 0; i < 64; i++) {
            SocketChannel c;
            try {
                c = server.accept();
            } catch (IOException e) {
                // out of file descriptors, most likely: stop accepting for a moment, keep serving
                log.accept("lunatik: accept: " + e.getMessage() + " (" + conns.size() + " connections open)");
                SelectionKey sk = server.keyFor(selector);
                if (sk != null && sk.isValid()) {
                    sk.interestOps(0);
                }
                acceptPausedUntil = now + 100;
                return;
            }
            if (c == null) {
                return;
            }
            try {
                c.configureBlocking(false);
                if (conns.size() >= limits.maxConnections() && !evictIdle()) {
                    refuseBusy(c, now);
                    continue;
                }
                Conn conn = new Conn(c, samePeer(c), now + limits.requestTimeoutMillis());
                conns.add(conn);
                open = conns.size();
                conn.key = c.register(selector, SelectionKey.OP_READ, conn);
            } catch (IOException e) {
                closeQuietly(c);
            }
        }
    }

    /**
     * Makes room for a new connection by closing the oldest one that has not sent its request
     * yet: a real client sends it as soon as it connects, so that is an idle connection. False
     * when every open connection is running a command.
     */
    private boolean evictIdle() {
        for (Conn c : conns) {
            if (c.phase == Phase.READING) {
                try {
                    c.channel.write(Frames.errorReply("lunatik: closing an idle connection: the daemon has "
                            + limits.maxConnections() + " connections open, the limit\n", 75));
                } catch (IOException e) {
                    // closed either way
                }
                close(c);
                evicted++;
                return true;
            }
        }
        return false;
    }

    private long evicted;

    private void refuseBusy(SocketChannel c, long now) {
        try {
            c.write(Frames.errorReply("lunatik: the daemon has too many connections open (" + conns.size()
                    + ", the limit); try again\n", 75));
        } catch (IOException e) {
            // refused either way
        }
        closeQuietly(c);
        refusedSinceLog++;
        if (now - lastRefusalLog > 5_000) {
            log.accept("lunatik: refused " + refusedSinceLog + " connection(s): " + conns.size() + " open and running, the limit is "
                    + limits.maxConnections() + " (" + evicted + " idle connections closed so far)");
            lastRefusalLog = now;
            refusedSinceLog = 0;
        }
    }

    private static boolean samePeer(SocketChannel c) {
        try {
            jdk.net.UnixDomainPrincipal p = c.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED);
            return p.user().getName().equals(System.getProperty("user.name"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private void read(Conn c) throws IOException {
        if (c.phase != Phase.READING) {
            // nothing more is expected from the client: only its going away matters
            scratch.clear();
            int n = c.channel.read(scratch);
            if (n < 0) {
                if (c.phase == Phase.RUNNING) {
                    c.reply.hangup();
                }
                close(c);
            }
            return;
        }
        if (c.header.hasRemaining()) {
            if (c.channel.read(c.header) < 0) {
                close(c); // closed before a whole request: nobody to answer
                return;
            }
            if (c.header.hasRemaining()) {
                return;
            }
            int len = c.header.getInt(0);
            if (len < 0 || len > Frames.MAX_REQUEST) {
                finish(c, Frames.errorReply("lunatik: bad request: request too large or corrupt (" + len + " bytes)\n", 2));
                return;
            }
            c.payload = ByteBuffer.allocate(len);
        }
        if (c.payload.hasRemaining() && c.channel.read(c.payload) < 0) {
            close(c);
            return;
        }
        if (c.payload.hasRemaining()) {
            return;
        }
        if (!c.trusted) {
            finish(c, Frames.errorReply("lunatik: permission denied (not the daemon's user)\n", 13));
            return;
        }
        Frames.Request req;
        try {
            req = Frames.decodeRequest(c.payload.array());
        } catch (Frames.Malformed m) {
            finish(c, Frames.errorReply("lunatik: bad request: " + m.getMessage() + "\n", 2));
            return;
        }
        c.payload = null;
        c.phase = Phase.RUNNING;
        Conn conn = c;
        c.reply = new Reply(() -> {
            writable.add(conn);
            selector.wakeup();
        });
        try {
            dispatcher.dispatch(req, c.reply);
        } catch (RuntimeException e) {
            log.accept("lunatik: dispatch: " + e);
            try {
                c.reply.err("lunatik: internal error: " + e + "\n");
            } catch (Reply.ClientGone gone) {
                // nothing to tell
            }
            c.reply.exit(70);
        }
    }

    /** Answers with a whole reply of the I/O thread's own, then closes. */
    private void finish(Conn c, ByteBuffer reply) {
        c.phase = Phase.CLOSING;
        c.reply = new Reply(() -> { });
        c.reply.exitWith(reply);
        interest(c);
    }

    private void interest(Conn c) {
        int ops = SelectionKey.OP_READ;
        if (c.reply != null && c.reply.peek() != null) {
            ops |= SelectionKey.OP_WRITE;
        } else if (c.reply != null && c.reply.finished()) {
            close(c);
            return;
        }
        c.key.interestOps(ops);
    }

    private void write(Conn c) throws IOException {
        Reply r = c.reply;
        if (r == null) {
            return;
        }
        ByteBuffer b;
        while ((b = r.peek()) != null) {
            int n = c.channel.write(b);
            r.sent(n);
            if (b.hasRemaining()) {
                return; // the socket buffer is full: OP_WRITE stays
            }
        }
        if (r.finished()) {
            close(c);
        } else {
            c.key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void expire(long now) {
        List<Conn> late = null;
        for (Conn c : conns) {
            if (c.phase == Phase.READING && now > c.deadline && c.reply == null) {
                if (late == null) {
                    late = new ArrayList<>();
                }
                late.add(c);
            }
        }
        if (late != null) {
            for (Conn c : late) {
                finish(c, Frames.errorReply("lunatik: no complete request within " + limits.requestTimeoutMillis()
                        + " ms; closing the connection\n", 2));
            }
        }
    }

    private void close(Conn c) {
        if (c.reply != null && !c.reply.finished()) {
            c.reply.hangup();
        }
        conns.remove(c);
        open = conns.size();
        if (c.key != null) {
            c.key.cancel();
        }
        closeQuietly(c.channel);
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // closed anyway
        }
    }

    /** Stops serving: closes every connection and the listening socket. */
    void stop() {
        stopping = true;
        selector.wakeup();
    }

    /** After {@link #run} returned: releases the selector and what is left open. */
    void close() {
        for (Conn c : List.copyOf(conns)) {
            close(c);
        }
        try {
            selector.close();
            server.close();
        } catch (IOException e) {
            // exiting anyway
        }
    }
}
