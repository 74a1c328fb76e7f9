package dev.lunatik.kernel.ulp;

import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.libs.UlpContext;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaString;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy with ULP Lua on each client connection ({@code lunatik ulp proxy}): every client
 * of {@code listen} gets a connection of its own to {@code target} and a ULP context of its own,
 * loaded with the script compiled once when the proxy starts. What a client sends runs through
 * the entry ({@code entry(d, size, false)}, one call per chunk read, at most
 * {@link #CHUNK} bytes); what it does not trash goes on to the target, as the entry left it, and
 * a trashed chunk closes both connections without a reply. Replies from the target go back
 * unchanged. Entry errors and timeouts are logged to the kernel log and the data forwarded.
 */
public final class UlpProxy implements AutoCloseable {
    /** The largest chunk one receive hands to the entry, in bytes. */
    public static final int CHUNK = 16384;

    private final Kernel kernel;
    private final InetSocketAddress target;
    private final String entry;
    private final String chunkName;
    private final byte[] chunk;
    private final ServerSocket server;
    private final InetSocketAddress listen;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong trashed = new AtomicLong();
    private volatile boolean closed;

    /**
     * Compiles {@code script} once, runs it in a state of its own to check that it defines a
     * function named {@code entry}, then listens on {@code listen}; returns once bound.
     *
     * @param chunkName the name errors give the script ({@code "@path"} for a file)
     * @throws IllegalArgumentException when the script does not compile, fails when it runs, or
     *     defines no such function; the message is the Lua error
     * @throws IOException when {@code listen} cannot be bound
     */
    public UlpProxy(Kernel kernel, InetSocketAddress listen, InetSocketAddress target, byte[] script, String chunkName,
            String entry) throws IOException {
        this.kernel = kernel;
        this.target = target;
        this.entry = entry;
        this.chunkName = chunkName;
        this.chunk = compile(kernel, script, chunkName, entry);
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(listen);
        this.listen = (InetSocketAddress) server.getLocalSocketAddress();
        Thread t = new Thread(this::accept, "lunatik-ulp-proxy-" + this.listen.getPort());
        t.setDaemon(true);
        t.start();
    }

    /** The script as a binary chunk; refuses one that fails or lacks the entry. */
    private static byte[] compile(Kernel kernel, byte[] script, String chunkName, String entry) {
        try (UlpContext probe = UlpContext.create(kernel)) {
            LuaState L = probe.state();
            LuaFunction f;
            try {
                f = L.load(script, chunkName);
            } catch (LuaError e) {
                throw new IllegalArgumentException(message(e));
            }
            byte[] binary = L.mainThread().dump(f, false);
            if (probe.loadChunk(binary, chunkName) < 0) {
                throw new IllegalArgumentException(probe.lastError());
            }
            if (probe.setEntry(entry.getBytes(StandardCharsets.UTF_8)) < 0) {
                throw new IllegalArgumentException(probe.lastError());
            }
            if (!(L.getGlobal(entry) instanceof LuaFunction)) {
                throw new IllegalArgumentException(chunkName.replaceFirst("^[@=]", "") + " defines no global function '" + entry + "'");
            }
            return binary;
        }
    }

    private static String message(LuaError e) {
        String m = e.value() instanceof LuaString s ? s.toString() : String.valueOf(e.getMessage());
        return m.endsWith("\n") ? m.substring(0, m.length() - 1) : m;
    }

    /** The address it listens on. */
    public InetSocketAddress listen() {
        return listen;
    }

    /** The target. */
    public InetSocketAddress target() {
        return target;
    }

    /** The entry function's name. */
    public String entry() {
        return entry;
    }

    /** Connections accepted so far. */
    public long connections() {
        return connections.get();
    }

    /** Connections closed because the entry trashed what the client sent. */
    public long trashed() {
        return trashed.get();
    }

    private String where() {
        return "ulp proxy " + listen.getAddress().getHostAddress() + ":" + listen.getPort();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    kernel.log().write(where() + ": " + e.getMessage());
                }
                return;
            }
            connections.incrementAndGet();
            open.add(client);
            Thread t = new Thread(() -> serve(client), "lunatik-ulp-proxy-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    /** One client: its context, its connection to the target, and the two directions. */
    private void serve(Socket client) {
        UlpContext ctx = UlpContext.create(kernel);
        Socket up = new Socket();
        try {
            if (ctx.loadChunk(chunk, chunkName) < 0 || ctx.setEntry(entry.getBytes(StandardCharsets.UTF_8)) < 0) {
                kernel.log().write(where() + ": the script failed for a new connection: closed");
                close(client);
                return;
            }
            try {
                up.connect(target, 5000);
            } catch (IOException e) {
                kernel.log().write(where() + ": target " + target.getAddress().getHostAddress() + ":" + target.getPort()
                        + " is down (" + e.getMessage() + ")");
                close(client);
                return;
            }
            open.add(up);
            java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
            Thread back = new Thread(() -> {
                copyBack(up, client);
                finish(done, client, up);
            }, "lunatik-ulp-proxy-back");
            back.setDaemon(true);
            back.start();
            forward(client, up, ctx);
            finish(done, client, up);
        } finally {
            ctx.close();
        }
    }

    /** Closes both sockets once both directions are over. */
    private void finish(java.util.concurrent.atomic.AtomicInteger done, Socket client, Socket up) {
        if (done.incrementAndGet() == 2) {
            close(client);
            close(up);
        }
    }

    /** Client to target, through the entry; a trashed chunk closes both without a reply. */
    private void forward(Socket client, Socket up, UlpContext ctx) {
        byte[] buf = new byte[CHUNK];
        try {
            InputStream in = client.getInputStream();
            OutputStream out = up.getOutputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                if (ctx.receive(buf, 0, n, false)) {
                    trashed.incrementAndGet();
                    kernel.log().write(where() + ": entry '" + entry + "' trashed " + n + " bytes from "
                            + client.getInetAddress().getHostAddress() + ":" + client.getPort() + ": connection closed");
                    close(client);
                    close(up);
                    return;
                }
                out.write(buf, 0, n);
                out.flush();
            }
            up.shutdownOutput(); // the client closed its side: pass the FIN on
        } catch (IOException e) {
            close(client);
            close(up);
        }
    }

    /** Target to client, unchanged. */
    private void copyBack(Socket up, Socket client) {
        byte[] buf = new byte[CHUNK];
        try {
            InputStream in = up.getInputStream();
            OutputStream out = client.getOutputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
            }
            client.shutdownOutput(); // the target closed its side
        } catch (IOException e) {
            close(up);
            close(client);
        }
    }

    private void close(Socket s) {
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // gone already
        }
        open.remove(s);
    }

    /** Stops listening and closes every proxied connection (each connection's state closes with it). */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            close(s);
        }
    }
}
