package dev.lunatik.kernel.net;

/**
 * A packet on its way through the stack, the stand-in for an {@code sk_buff}: its bytes
 * ({@link #buffer()} from 0 to {@link #length()}), which start with an Ethernet header when the
 * packet has one ({@link #macLength()} is 14, 0 otherwise), its mark, and the devices it came in
 * on and goes out of. Hooks may change the bytes in place; what continues down the path is what
 * they left. The IPv4 accessors read the network header (at {@link #networkOffset()}).
 */
public final class Packet {
    /** The Ethernet header's length. */
    public static final int ETH_HLEN = 14;
    /** Ethertypes. */
    public static final int ETH_P_IP = 0x0800, ETH_P_ARP = 0x0806, ETH_P_IPV6 = 0x86DD;

    private byte[] buf;
    private int length;
    private int macLength;
    private int mark;
    private NetDevice in;
    private NetDevice out;

    private Packet(byte[] buf, int length, int macLength) {
        this.buf = buf;
        this.length = length;
        this.macLength = macLength;
    }

    /** A packet received as an Ethernet frame ({@code frame} is copied). */
    public static Packet ofFrame(byte[] frame, int length) {
        if (length < ETH_HLEN) {
            throw new IllegalArgumentException("a " + length + "-byte frame is shorter than an Ethernet header");
        }
        return new Packet(java.util.Arrays.copyOf(frame, length), length, ETH_HLEN);
    }

    /** A packet that starts at its network header (locally generated, or raw IP); {@code ip} is copied. */
    public static Packet ofNetwork(byte[] ip, int length) {
        return new Packet(java.util.Arrays.copyOf(ip, length), length, 0);
    }

    /** The bytes: the packet is {@code buffer()[0 .. length())}. */
    public byte[] buffer() {
        return buf;
    }

    /** The packet's length in bytes, headers included. */
    public int length() {
        return length;
    }

    /** The Ethernet header's length: 14 when the packet has one, else 0. */
    public int macLength() {
        return macLength;
    }

    /** Where the network header starts in {@link #buffer()}. */
    public int networkOffset() {
        return macLength;
    }

    /** Puts an Ethernet header from {@code src} to {@code dst} in front (a packet leaving on an Ethernet device). */
    public void pushEthernet(long dst, long src, int ethertype) {
        byte[] b = new byte[length + ETH_HLEN - macLength];
        System.arraycopy(buf, macLength, b, ETH_HLEN, length - macLength);
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) (dst >>> (8 * (5 - i)));
            b[6 + i] = (byte) (src >>> (8 * (5 - i)));
        }
        b[12] = (byte) (ethertype >>> 8);
        b[13] = (byte) ethertype;
        length = b.length;
        buf = b;
        macLength = ETH_HLEN;
    }

    /** {@code skb->mark}. */
    public int mark() {
        return mark;
    }

    /** Sets {@code skb->mark}. */
    public void setMark(int mark) {
        this.mark = mark;
    }

    /** The device the packet came in on (null for a locally generated one). */
    public NetDevice in() {
        return in;
    }

    void setIn(NetDevice d) {
        this.in = d;
    }

    /** The device the packet leaves on (known after routing), or null. */
    public NetDevice out() {
        return out;
    }

    void setOut(NetDevice d) {
        this.out = d;
    }

    /** The ethertype of the Ethernet header, or 0x0800 for a packet without one. */
    public int ethertype() {
        return macLength == 0 ? ETH_P_IP : u16(12);
    }

    /** Whether the network header is an IPv4 header (version 4, at least 20 bytes). */
    public boolean isIpv4() {
        return ethertype() == ETH_P_IP && length - macLength >= 20 && (u8(macLength) >>> 4) == 4;
    }

    /** The IPv4 header length in bytes. */
    public int ipv4HeaderLength() {
        return (u8(macLength) & 0x0F) * 4;
    }

    /** The IPv4 protocol (6 TCP, 17 UDP). */
    public int ipv4Protocol() {
        return u8(macLength + 9);
    }

    /** The IPv4 source address. */
    public int ipv4Source() {
        return (int) u32(macLength + 12);
    }

    /** The IPv4 destination address. */
    public int ipv4Destination() {
        return (int) u32(macLength + 16);
    }

    /** Where the transport header starts in {@link #buffer()} (IPv4). */
    public int transportOffset() {
        return macLength + ipv4HeaderLength();
    }

    private int u8(int off) {
        return off < length ? buf[off] & 0xFF : 0;
    }

    private int u16(int off) {
        return (u8(off) << 8) | u8(off + 1);
    }

    private long u32(int off) {
        return ((long) u16(off) << 16) | u16(off + 2);
    }

    /** Dotted-quad text of an IPv4 address. */
    public static String formatIpv4(int ip) {
        return ((ip >>> 24) & 0xFF) + "." + ((ip >>> 16) & 0xFF) + "." + ((ip >>> 8) & 0xFF) + "." + (ip & 0xFF);
    }

    /** The IPv4 address of {@code a} as an integer; IllegalArgumentException for an IPv6 one. */
    public static int ipv4(java.net.InetSocketAddress a) {
        byte[] b = a.getAddress().getAddress();
        if (b.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + a);
        }
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    /** {@code a} as {@code ADDRESS:PORT}, without the host name or slash InetSocketAddress prints. */
    public static String formatAddress(java.net.InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /** Parses a dotted-quad IPv4 address; IllegalArgumentException when it is not one. */
    public static int parseIpv4(String s) {
        String[] p = s.split("\\.", -1);
        if (p.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + s);
        }
        int ip = 0;
        for (String x : p) {
            int v;
            try {
                v = Integer.parseInt(x);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 address: " + s, e);
            }
            if (v < 0 || v > 255 || x.isEmpty() || x.length() > 3) {
                throw new IllegalArgumentException("not an IPv4 address: " + s);
            }
            ip = (ip << 8) | v;
        }
        return ip;
    }
}
