package dev.lunatik.kernel.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Real UDP traffic through the simulated stack: datagrams real clients send to {@code listen}
 * leave as IPv4 packets through LOCAL_OUT and POST_ROUTING towards {@code target}; the target's
 * replies come back as Ethernet frames received on the device the route names (ingress, XDP,
 * PRE_ROUTING, LOCAL_IN) before the client gets them. A dropped datagram is not delivered; bytes a
 * hook changed are delivered changed. Each client has its own upstream socket, so replies find
 * their client. One thread serves the relay until {@link #close()}.
 */
public final class UdpRelay implements AutoCloseable {
    private static final int MAX_DATAGRAM = 65507;

    private final NetStack net;
    private final InetSocketAddress listen;
    private final InetSocketAddress target;
    private final Consumer<String> log;
    private final DatagramChannel front;
    private final Selector selector;
    private final Map<SocketAddress, DatagramChannel> upstream = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    /** Starts relaying: returns once {@code listen} is bound. IOException when it cannot be. */
    public UdpRelay(NetStack net, InetSocketAddress listen, InetSocketAddress target, Consumer<String> log) throws IOException {
        this.net = net;
        this.target = target;
        this.log = log;
        this.selector = Selector.open();
        this.front = DatagramChannel.open();
        try {
            front.bind(listen);
            front.configureBlocking(false);
            front.register(selector, SelectionKey.OP_READ, null);
        } catch (IOException e) {
            front.close();
            selector.close();
            throw e;
        }
        this.listen = (InetSocketAddress) front.getLocalAddress();
        this.thread = new Thread(this::serve, "lunatik-relay-udp-" + this.listen.getPort());
        thread.setDaemon(true);
        thread.start();
    }

    /** The address it listens on (the port chosen, when 0 was asked). */
    public InetSocketAddress listen() {
        return listen;
    }

    /** The target datagrams go to. */
    public InetSocketAddress target() {
        return target;
    }


    private void serve() {
        ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM);
        while (!closed) {
            try {
                selector.select(500);
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.attachment() == null) {
                        fromClient(buf);
                    } else {
                        fromTarget((SocketAddress) key.attachment(), (DatagramChannel) key.channel(), buf);
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    log.accept("relay udp " + Packet.formatAddress(listen) + ": " + e);
                }
            }
        }
    }

    private void fromClient(ByteBuffer buf) throws IOException {
        buf.clear();
        SocketAddress from = front.receive(buf);
        if (from == null) {
            return;
        }
        byte[] payload = Arrays.copyOf(buf.array(), buf.position());
        InetSocketAddress client = (InetSocketAddress) from;
        byte[] ip = Packets.udp(Packet.ipv4(client), client.getPort(), Packet.ipv4(target), target.getPort(), payload);
        NetStack.Outcome o = net.send(ip, ip.length);
        if (o.fate() != NetStack.Fate.SENT) {
            return; // dropped or stolen on the way out: the target never sees it
        }
        byte[] out = udpPayload(o.packet());
        DatagramChannel up = upstream.get(from);
        if (up == null) {
            up = DatagramChannel.open();
            up.connect(target);
            up.configureBlocking(false);
            up.register(selector, SelectionKey.OP_READ, from);
            upstream.put(from, up);
        }
        try {
            up.write(ByteBuffer.wrap(out));
        } catch (PortUnreachableException e) {
            log.accept("relay udp " + Packet.formatAddress(listen) + ": target " + Packet.formatAddress(target) + " is down (port unreachable)");
        }
    }

    private void fromTarget(SocketAddress client, DatagramChannel up, ByteBuffer buf) throws IOException {
        buf.clear();
        try {
            up.read(buf);
        } catch (PortUnreachableException e) {
            log.accept("relay udp " + Packet.formatAddress(listen) + ": target " + Packet.formatAddress(target) + " is down (port unreachable)");
            return;
        }
        byte[] payload = Arrays.copyOf(buf.array(), buf.position());
        InetSocketAddress c = (InetSocketAddress) client;
        byte[] ip = Packets.udp(Packet.ipv4(target), target.getPort(), Packet.ipv4(c), c.getPort(), payload);
        NetStack.Outcome o = net.receiveIpv4(ip);
        if (o.fate() == NetStack.Fate.DELIVERED || o.fate() == NetStack.Fate.FORWARDED) {
            front.send(ByteBuffer.wrap(udpPayload(o.packet())), client);
        }
    }

    /** The UDP payload of a packet as the hooks left it (the UDP length field is believed when it fits). */
    static byte[] udpPayload(Packet p) {
        int udp = p.transportOffset();
        int len = ((p.buffer()[udp + 4] & 0xFF) << 8) | (p.buffer()[udp + 5] & 0xFF);
        int end = Math.min(p.length(), udp + Math.max(8, len));
        return Arrays.copyOfRange(p.buffer(), udp + 8, Math.max(udp + 8, end));
    }

    /** Stops relaying and closes every socket. */
    @Override
    public void close() {
        closed = true;
        try {
            selector.wakeup();
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (DatagramChannel c : upstream.values()) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            front.close();
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
