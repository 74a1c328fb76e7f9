package dev.lunatik.kernel.net;

import java.util.List;

/**
 * A network interface: its name, index, MAC address and IPv4 addresses (each with a prefix
 * length). The loopback device has no MAC address (all zero) and 127.0.0.1/8.
 */
public final class NetDevice {
    /** An IPv4 address with its prefix length (the interface's subnet). */
    public record Ipv4(int address, int prefix) {
        /** Whether {@code ip} lies in this address's subnet. */
        public boolean covers(int ip) {
            int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
            return (ip & mask) == (address & mask);
        }

        @Override
        public String toString() {
            return Packet.formatIpv4(address) + "/" + prefix;
        }
    }

    private final String name;
    private final int ifindex;
    private final long mac;
    private final boolean loopback;
    private volatile Ipv4[] addresses = {};
    private volatile XdpProgram xdp;
    private volatile FrameTap[] taps = {};

    NetDevice(String name, int ifindex, long mac, boolean loopback) {
        this.name = name;
        this.ifindex = ifindex;
        this.mac = mac;
        this.loopback = loopback;
    }

    /** The interface name ({@code lo}, {@code eth0}, ...). */
    public String name() {
        return name;
    }

    /** The interface index ({@code lo} is 1). */
    public int ifindex() {
        return ifindex;
    }

    /** The MAC address as a 48-bit integer (0 for the loopback device). */
    public long mac() {
        return mac;
    }

    /** Whether this is the loopback device. */
    public boolean isLoopback() {
        return loopback;
    }

    /** The IPv4 addresses, oldest first. */
    public List<Ipv4> addresses() {
        return List.of(addresses);
    }

    /** Adds an IPv4 address (if not there yet). */
    public void addAddress(int address, int prefix) {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix length " + prefix + " is not 0..32");
        }
        Ipv4 a = new Ipv4(address, prefix);
        synchronized (this) {
            if (!List.of(addresses).contains(a)) {
                Ipv4[] n = java.util.Arrays.copyOf(addresses, addresses.length + 1);
                n[addresses.length] = a;
                addresses = n;
            }
        }
    }

    /** Whether {@code ip} is one of this interface's addresses. */
    public boolean hasAddress(int ip) {
        for (Ipv4 a : addresses) {
            if (a.address() == ip) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code ip} lies in one of this interface's subnets. */
    public boolean reaches(int ip) {
        for (Ipv4 a : addresses) {
            if (a.covers(ip)) {
                return true;
            }
        }
        return false;
    }

    /** The XDP program attached to this device, or null. */
    public XdpProgram xdp() {
        return xdp;
    }

    /** Attaches (or, with null, detaches) this device's XDP program. */
    public void setXdp(XdpProgram program) {
        this.xdp = program;
    }

    /** Adds a tap that sees every frame received or sent on this device (an AF_PACKET socket). */
    public synchronized void addTap(FrameTap tap) {
        FrameTap[] n = java.util.Arrays.copyOf(taps, taps.length + 1);
        n[taps.length] = tap;
        taps = n;
    }

    /** Removes a tap. */
    public synchronized void removeTap(FrameTap tap) {
        taps = java.util.Arrays.stream(taps).filter(t -> t != tap).toArray(FrameTap[]::new);
    }

    void tap(byte[] frame, int length, boolean outgoing) {
        for (FrameTap t : taps) {
            t.frame(this, frame, length, outgoing);
        }
    }

    /** The MAC address in the usual notation ({@code 02:00:00:00:00:02}). */
    public String macString() {
        StringBuilder b = new StringBuilder(17);
        for (int i = 5; i >= 0; i--) {
            b.append(String.format("%02x", (mac >>> (8 * i)) & 0xFF));
            if (i > 0) {
                b.append(':');
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return name + " (ifindex " + ifindex + ")";
    }
}
