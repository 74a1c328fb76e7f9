package dev.lunatik.kernel.libs;

import dev.lunatik.vm.value.LuaError;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The payload of a {@code socket} object: an AF_INET socket over a real Java NIO channel, so that
 * {@code nc 127.0.0.1 PORT} talks to a script. Channels are non-blocking; a blocking operation
 * waits on the socket's own selector, so a Java interrupt ({@code thread:stop()}, a signal) wakes
 * it with {@code EINTR} instead of closing the socket. Failures raise the positive errno as an
 * integer Lua error value, as Lunatik 3.7 does ({@code EAGAIN} = 11 for a non-blocking operation
 * with nothing to do).
 */
final class KernelSocket {
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EINVAL = 22;
    static final int EPIPE = 32;
    static final int EAFNOSUPPORT = 97;
    static final int EADDRINUSE = 98;
    static final int EADDRNOTAVAIL = 99;
    static final int ENOTCONN = 107;
    static final int ECONNREFUSED = 111;
    static final int EIO = 5;
    static final int EBADF = 9;
    static final int ENOENT = 2;
    static final int EEXIST = 17;
    static final int ENOPROTOOPT = 92;

    static final int AF_INET = 2;
    static final int SOCK_STREAM = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_NONBLOCK = 0x800;
    static final int MSG_DONTWAIT = 0x40;

    final int type;
    private InetSocketAddress local;
    private ServerSocketChannel server;
    private SocketChannel stream;
    private DatagramChannel dgram;
    private Selector selector;
    /** The ULP Lua context attached with {@code TCP_ULP "lua"}, or null. */
    private UlpContext ulp;

    KernelSocket(int family, int type) {
        if (family != AF_INET) {
            throw errno(EAFNOSUPPORT);
        }
        if (type != SOCK_STREAM && type != SOCK_DGRAM) {
            throw errno(EINVAL);
        }
        this.type = type;
        if (type == SOCK_DGRAM) {
            try {
                dgram = DatagramChannel.open();
                dgram.configureBlocking(false);
            } catch (IOException e) {
                throw errno(EIO);
            }
        }
    }

    private KernelSocket(SocketChannel accepted) {
        this.type = SOCK_STREAM;
        this.stream = accepted;
    }

    static LuaError errno(int e) {
        return new LuaError(Long.valueOf(e));
    }

    static InetSocketAddress address(long addr, long port) {
        if (port < 0 || port > 65535) {
            throw errno(EINVAL);
        }
        byte[] b = {(byte) (addr >>> 24), (byte) (addr >>> 16), (byte) (addr >>> 8), (byte) addr};
        try {
            return new InetSocketAddress(InetAddress.getByAddress(b), (int) port);
        } catch (UnknownHostException e) {
            throw errno(EINVAL);
        }
    }

    static long toInt(InetAddress a) {
        if (!(a instanceof Inet4Address)) {
            return 0;
        }
        byte[] b = a.getAddress();
        return ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
    }

    private static LuaError failure(IOException e) {
        if (e instanceof BindException) {
            return errno(e.getMessage() != null && e.getMessage().contains("assign") ? EADDRNOTAVAIL : EADDRINUSE);
        }
        if (e instanceof ConnectException) {
            return errno(ECONNREFUSED);
        }
        if (e instanceof ClosedChannelException) {
            return errno(EBADF);
        }
        String m = String.valueOf(e.getMessage());
        if (m.contains("Broken pipe") || m.contains("reset")) {
            return errno(EPIPE);
        }
        return errno(EIO);
    }

    /** Waits until {@code ch} is ready for {@code ops}; EINTR when the thread is interrupted. */
    private void await(SelectableChannel ch, int ops) {
        try {
            if (selector == null) {
                selector = Selector.open();
            }
            SelectionKey key = ch.keyFor(selector);
            if (key == null) {
                key = ch.register(selector, ops);
            } else {
                key.interestOps(ops);
            }
            selector.selectedKeys().clear();
            selector.select();
            selector.selectedKeys().clear();
        } catch (IOException e) {
            throw failure(e);
        }
        if (Thread.interrupted()) {
            throw errno(EINTR);
        }
    }

    void bind(long addr, long port) {
        InetSocketAddress a = address(addr, port);
        try {
            if (type == SOCK_DGRAM) {
                dgram.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                dgram.bind(a);
            } else {
                if (server != null || stream != null) {
                    throw errno(EINVAL);
                }
                server = ServerSocketChannel.open();
                server.configureBlocking(false);
                server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                server.bind(a, 128);
            }
            local = a;
        } catch (IOException e) {
            throw failure(e);
        }
    }

    void listen() {
        if (type != SOCK_STREAM || server == null) {
            throw errno(EINVAL);
        }
    }

    KernelSocket accept(int flags) {
        if (server == null) {
            throw errno(EINVAL);
        }
        try {
            while (true) {
                SocketChannel c = server.accept();
                if (c != null) {
                    c.configureBlocking(false);
                    return new KernelSocket(c);
                }
                if ((flags & SOCK_NONBLOCK) != 0) {
                    throw errno(EAGAIN);
                }
                await(server, SelectionKey.OP_ACCEPT);
            }
        } catch (IOException e) {
            throw failure(e);
        }
    }

    void connect(long addr, long port) {
        InetSocketAddress a = address(addr, port);
        try {
            if (type == SOCK_DGRAM) {
                dgram.connect(a);
                return;
            }
            if (stream != null) {
                throw errno(EINVAL);
            }
            SocketChannel c = SocketChannel.open();
            c.configureBlocking(false);
            if (local != null) {
                if (server != null) {
                    server.close();
                    server = null;
                }
                c.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                c.bind(local);
            }
            stream = c;
            if (!c.connect(a)) {
                while (!c.finishConnect()) {
                    await(c, SelectionKey.OP_CONNECT);
                }
            }
        } catch (IOException e) {
            throw failure(e);
        }
    }

    int send(byte[] msg, InetSocketAddress to) {
        ByteBuffer b = ByteBuffer.wrap(msg);
        try {
            if (type == SOCK_DGRAM) {
                if (to != null) {
                    return dgram.send(b, to);
                }
                if (!dgram.isConnected()) {
                    throw errno(ENOTCONN);
                }
                return dgram.write(b);
            }
            if (stream == null) {
                throw errno(ENOTCONN);
            }
            while (b.hasRemaining()) {
                if (stream.write(b) == 0) {
                    await(stream, SelectionKey.OP_WRITE);
                }
            }
            return msg.length;
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** The bytes received (empty when the peer closed a stream) and, for {@code from}, the sender. */
    record Received(byte[] data, InetSocketAddress from) {}

    Received receive(int len, int flags) {
        ByteBuffer b = ByteBuffer.allocate(Math.max(0, len));
        boolean dontwait = (flags & MSG_DONTWAIT) != 0;
        try {
            if (type == SOCK_DGRAM) {
                while (true) {
                    SocketAddress from = dgram.receive(b);
                    if (from != null) {
                        return new Received(bytes(b), (InetSocketAddress) from);
                    }
                    if (dontwait) {
                        throw errno(EAGAIN);
                    }
                    await(dgram, SelectionKey.OP_READ);
                }
            }
            if (stream == null) {
                throw errno(ENOTCONN);
            }
            while (true) {
                int n = len == 0 ? 0 : stream.read(b);
                if (n < 0) {
                    return new Received(new byte[0], peer());
                }
                if (n > 0 || len == 0) {
                    byte[] data = bytes(b);
                    if (ulp != null && ulp.receive(data, 0, data.length, dontwait)) {
                        return new Received(new byte[0], peer()); // trashed: 0 bytes, as at the end of the stream
                    }
                    return new Received(data, peer());
                }
                if (dontwait) {
                    throw errno(EAGAIN);
                }
                await(stream, SelectionKey.OP_READ);
            }
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] r = new byte[b.position()];
        b.flip();
        b.get(r);
        return r;
    }

    private InetSocketAddress peer() throws IOException {
        return stream == null ? null : (InetSocketAddress) stream.getRemoteAddress();
    }

    InetSocketAddress sockname() {
        try {
            NetworkChannel c = dgram != null ? dgram : stream != null ? stream : server;
            SocketAddress a = c == null ? null : c.getLocalAddress();
            return a == null ? new InetSocketAddress(InetAddress.getByAddress(new byte[4]), 0) : (InetSocketAddress) a;
        } catch (IOException e) {
            throw failure(e);
        }
    }

    InetSocketAddress peername() {
        try {
            SocketAddress a = dgram != null ? dgram.getRemoteAddress() : peer();
            if (a == null) {
                throw errno(ENOTCONN);
            }
            return (InetSocketAddress) a;
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /**
     * {@code setsockopt}: {@code SOL_TCP}/{@code TCP_ULP} {@code "lua"} attaches a ULP Lua
     * context ({@link UlpContext}) to a TCP socket; then {@code SOL_LUA} with
     * {@code SS_LUA_LOADSCRIPT} or {@code SS_LUA_ENTRY} goes to it. Errors are raised as
     * positive errnos: {@code ENOPROTOOPT} for any other option (and for {@code SOL_LUA} before
     * the ULP, {@code TCP_ULP} on a datagram socket), {@code ENOENT} for a ULP other than
     * {@code "lua"}, {@code EEXIST} when one is attached already, {@code EINVAL} on a listening
     * socket, for a value that is not a string, and for a refused script or entry name.
     */
    void setsockopt(dev.lunatik.kernel.Kernel kernel, long level, long option, Object value) {
        byte[] v = value instanceof dev.lunatik.vm.value.LuaString s ? s.bytes() : null;
        if (level == UlpContext.SOL_TCP && option == UlpContext.TCP_ULP) {
            if (type != SOCK_STREAM) {
                throw errno(ENOPROTOOPT);
            }
            if (v == null) {
                throw errno(EINVAL);
            }
            int n = v.length > 0 && v[v.length - 1] == 0 ? v.length - 1 : v.length; // sizeof("lua") counts the NUL
            if (!new String(v, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1).equals(UlpContext.NAME)) {
                throw errno(ENOENT);
            }
            if (ulp != null) {
                throw errno(EEXIST);
            }
            if (server != null) {
                throw errno(EINVAL);
            }
            ulp = UlpContext.create(kernel);
            return;
        }
        if (level == UlpContext.SOL_LUA && ulp != null) {
            if (option != UlpContext.SS_LUA_LOADSCRIPT && option != UlpContext.SS_LUA_ENTRY) {
                throw errno(ENOPROTOOPT);
            }
            if (v == null) {
                throw errno(EINVAL);
            }
            if (option == UlpContext.SS_LUA_ENTRY && v.length > 0 && v[v.length - 1] == 0) {
                v = java.util.Arrays.copyOf(v, v.length - 1);
            }
            int r = option == UlpContext.SS_LUA_LOADSCRIPT ? ulp.loadScript(v) : ulp.setEntry(v);
            if (r < 0) {
                throw errno(-r);
            }
            return;
        }
        throw errno(ENOPROTOOPT);
    }

    /** The attached ULP Lua context, or null. */
    UlpContext ulp() {
        return ulp;
    }

    void close() {
        if (ulp != null) {
            ulp.close();
        }
        for (java.io.Closeable c : new java.io.Closeable[] {selector, server, stream, dgram}) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException e) {
                    // closing: nothing left to report to
                }
            }
        }
    }
}
