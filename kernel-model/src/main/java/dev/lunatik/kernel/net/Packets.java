package dev.lunatik.kernel.net;

/**
 * Builds the packets the stack carries: IPv4 headers over UDP or TCP, and Ethernet frames around
 * them, as a host would put them on the wire (checksums computed). Used where real traffic enters
 * the simulation (a relay wraps a datagram it received) and by tests.
 */
public final class Packets {
    private Packets() {}

    /** TCP flags. */
    public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10;

    /** An IPv4/UDP packet from {@code src}:{@code sport} to {@code dst}:{@code dport} carrying {@code payload}. */
    public static byte[] udp(int src, int sport, int dst, int dport, byte[] payload) {
        byte[] p = ipv4(src, dst, 17, 8 + payload.length);
        int u = 20;
        put16(p, u, sport);
        put16(p, u + 2, dport);
        put16(p, u + 4, 8 + payload.length);
        System.arraycopy(payload, 0, p, u + 8, payload.length);
        put16(p, u + 6, transportChecksum(p, 17, u, 8 + payload.length));
        return p;
    }

    /** An IPv4/TCP segment with {@code flags}, sequence {@code seq} and acknowledgement {@code ack}, carrying {@code payload}. */
    public static byte[] tcp(int src, int sport, int dst, int dport, int flags, int seq, int ack, byte[] payload) {
        byte[] p = ipv4(src, dst, 6, 20 + payload.length);
        int t = 20;
        put16(p, t, sport);
        put16(p, t + 2, dport);
        put32(p, t + 4, seq);
        put32(p, t + 8, ack);
        p[t + 12] = 0x50; // 5 words of header
        p[t + 13] = (byte) flags;
        put16(p, t + 14, 65535);
        System.arraycopy(payload, 0, p, t + 20, payload.length);
        put16(p, t + 16, transportChecksum(p, 6, t, 20 + payload.length));
        return p;
    }

    /** An Ethernet frame from {@code src} to {@code dst} (48-bit MAC addresses) of {@code ethertype} around {@code payload}. */
    public static byte[] ethernet(long dst, long src, int ethertype, byte[] payload) {
        byte[] f = new byte[Packet.ETH_HLEN + payload.length];
        for (int i = 0; i < 6; i++) {
            f[i] = (byte) (dst >>> (8 * (5 - i)));
            f[6 + i] = (byte) (src >>> (8 * (5 - i)));
        }
        put16(f, 12, ethertype);
        System.arraycopy(payload, 0, f, Packet.ETH_HLEN, payload.length);
        return f;
    }

    private static byte[] ipv4(int src, int dst, int protocol, int transportLength) {
        byte[] p = new byte[20 + transportLength];
        p[0] = 0x45;
        put16(p, 2, p.length);
        p[6] = 0x40; // don't fragment
        p[8] = 64;
        p[9] = (byte) protocol;
        put32(p, 12, src);
        put32(p, 16, dst);
        put16(p, 10, checksum(p, 0, 20, 0));
        return p;
    }

    private static int transportChecksum(byte[] p, int protocol, int off, int len) {
        long pseudo = 0;
        pseudo += ((p[12] & 0xFF) << 8 | (p[13] & 0xFF)) + ((p[14] & 0xFF) << 8 | (p[15] & 0xFF));
        pseudo += ((p[16] & 0xFF) << 8 | (p[17] & 0xFF)) + ((p[18] & 0xFF) << 8 | (p[19] & 0xFF));
        pseudo += protocol + len;
        int c = checksum(p, off, len, pseudo);
        return protocol == 17 && c == 0 ? 0xFFFF : c;
    }

    /** The Internet checksum of {@code len} bytes from {@code off}, starting from the partial sum {@code sum}. */
    public static int checksum(byte[] b, int off, int len, long sum) {
        for (int i = 0; i + 1 < len; i += 2) {
            sum += ((b[off + i] & 0xFF) << 8) | (b[off + i + 1] & 0xFF);
        }
        if ((len & 1) != 0) {
            sum += (b[off + len - 1] & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    private static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    private static void put32(byte[] b, int off, int v) {
        put16(b, off, v >>> 16);
        put16(b, off + 2, v);
    }
}
