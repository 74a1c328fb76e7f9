package dev.lunatik.kernel.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Real TCP traffic through the simulated stack: each client of {@code listen} gets its own
 * connection to {@code target}; every chunk a client writes leaves as one IPv4/TCP segment with
 * PSH set through LOCAL_OUT and POST_ROUTING, every chunk the target answers comes back as a
 * segment in an Ethernet frame through the ingress path, and what the hooks let through (as
 * they left it) is written on. A dropped segment resets both connections, as a firewall's reject
 * would. The TCP header carries the real ports and running sequence numbers, so filters that
 * read flags, ports or offsets see what they would see in a kernel.
 */
public final class TcpRelay implements AutoCloseable {
    private final NetStack net;
    private final InetSocketAddress target;
    private final Consumer<String> log;
    private final ServerSocket server;
    private final InetSocketAddress listen;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Starts relaying: returns once {@code listen} is bound. */
    public TcpRelay(NetStack net, InetSocketAddress listen, InetSocketAddress target, Consumer<String> log) throws IOException {
        this.net = net;
        this.target = target;
        this.log = log;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(listen);
        this.listen = (InetSocketAddress) server.getLocalSocketAddress();
        Thread t = new Thread(this::accept, "lunatik-relay-tcp-" + this.listen.getPort());
        t.setDaemon(true);
        t.start();
    }

    /** The address it listens on. */
    public InetSocketAddress listen() {
        return listen;
    }

    /** The target. */
    public InetSocketAddress target() {
        return target;
    }


    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.accept("relay tcp " + Packet.formatAddress(listen) + ": " + e.getMessage());
                }
                return;
            }
            open.add(client);
            Socket up = new Socket();
            try {
                up.connect(target, 5000);
            } catch (IOException e) {
                log.accept("relay tcp " + Packet.formatAddress(listen) + ": target " + Packet.formatAddress(target) + " is down (" + e.getMessage() + ")");
                reset(client, null);
                continue;
            }
            open.add(up);
            int[] seq = {1, 1}; // next sequence number: client side, target side
            Thread out = new Thread(() -> pump(client, up, true, seq), "lunatik-relay-tcp-out");
            Thread in = new Thread(() -> pump(up, client, false, seq), "lunatik-relay-tcp-in");
            out.setDaemon(true);
            in.setDaemon(true);
            out.start();
            in.start();
        }
    }

    /** Copies {@code from} to {@code to}, each chunk a segment through the stack. */
    private void pump(Socket from, Socket to, boolean outgoing, int[] seq) {
        InetSocketAddress client = (InetSocketAddress) (outgoing ? from : to).getRemoteSocketAddress();
        byte[] buf = new byte[16384];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                byte[] chunk = Arrays.copyOf(buf, n);
                byte[] data = outgoing ? outbound(client, chunk, seq) : inbound(client, chunk, seq);
                if (data == null) {
                    log.accept("relay tcp " + Packet.formatAddress(listen) + ": a segment was dropped: connection reset");
                    reset(from, to);
                    return;
                }
                out.write(data);
                out.flush();
            }
            to.shutdownOutput(); // the peer closed its side: pass the FIN on
        } catch (SocketException e) {
            reset(from, to);
        } catch (IOException e) {
            reset(from, to);
        }
    }

    private byte[] outbound(InetSocketAddress client, byte[] chunk, int[] seq) {
        byte[] ip;
        synchronized (seq) {
            ip = Packets.tcp(Packet.ipv4(client), client.getPort(), Packet.ipv4(target), target.getPort(), Packets.PSH | Packets.ACK, seq[0], seq[1], chunk);
            seq[0] += chunk.length;
        }
        NetStack.Outcome o = net.send(ip, ip.length);
        return o.fate() == NetStack.Fate.SENT ? tcpPayload(o.packet()) : null;
    }

    private byte[] inbound(InetSocketAddress client, byte[] chunk, int[] seq) {
        byte[] ip;
        synchronized (seq) {
            ip = Packets.tcp(Packet.ipv4(target), target.getPort(), Packet.ipv4(client), client.getPort(), Packets.PSH | Packets.ACK, seq[1], seq[0], chunk);
            seq[1] += chunk.length;
        }
        NetStack.Outcome o = net.receiveIpv4(ip);
        return o.fate() == NetStack.Fate.DELIVERED || o.fate() == NetStack.Fate.FORWARDED ? tcpPayload(o.packet()) : null;
    }

    /** The TCP payload of a packet as the hooks left it. */
    static byte[] tcpPayload(Packet p) {
        int tcp = p.transportOffset();
        int off = tcp + ((p.buffer()[tcp + 12] & 0xFF) >>> 4) * 4;
        return Arrays.copyOfRange(p.buffer(), Math.min(off, p.length()), p.length());
    }

    private void reset(Socket a, Socket b) {
        for (Socket s : new Socket[] {a, b}) {
            if (s == null) {
                continue;
            }
            try {
                s.setSoLinger(true, 0); // close with RST
                s.close();
            } catch (IOException ignored) {
                // gone already
            }
            open.remove(s);
        }
    }

    /** Stops listening and resets every relayed connection. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            reset(s, null);
        }
    }
}
