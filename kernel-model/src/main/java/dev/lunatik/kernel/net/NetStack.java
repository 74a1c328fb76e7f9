package dev.lunatik.kernel.net;

import java.util.function.Consumer;

/**
 * The path of a packet through the simulated stack. Received frames ({@link #receive}): the
 * device's XDP program, the device's taps (AF_PACKET), netdev INGRESS, then for ARP the ARP IN
 * hooks, for IPv4 PRE_ROUTING, the routing decision (LOCAL_IN when the destination is one of our
 * addresses, else FORWARD, POST_ROUTING and netdev EGRESS on the outgoing device). Locally
 * generated packets ({@link #send}): LOCAL_OUT, routing, POST_ROUTING, then an Ethernet header
 * for an Ethernet device, netdev EGRESS and the device's taps. {@link #runHook} runs a single hook
 * point, for replaying a capture there.
 *
 * <p>What a hook sees: a received packet starts at its Ethernet header at every hook point
 * (forwarded ones too), a locally generated one at its IPv4 header at LOCAL_OUT and
 * POST_ROUTING, as in Lunatik, whose hooks see the MAC header when one was set.
 */
public final class NetStack {
    /** What became of a packet. */
    public enum Fate {
        /** Delivered to this host (LOCAL_IN passed; or a non-IPv4 frame the stack took). */
        DELIVERED,
        /** Forwarded out of another device. */
        FORWARDED,
        /** A locally generated packet left on its device. */
        SENT,
        /** Accepted by every hook of a single hook point ({@link #runHook}). */
        ACCEPTED,
        /** Dropped by a hook (or queued to no one). */
        DROPPED,
        /** Taken over by a hook (STOLEN, or a verdict hooks may not return). */
        STOLEN,
        /** Dropped (or aborted) by the device's XDP program. */
        XDP_DROPPED,
        /** Bounced back out of the device by its XDP program (XDP_TX). */
        XDP_TX,
        /** Redirected by the device's XDP program; nothing here receives it. */
        XDP_REDIRECTED,
        /** No route out (no device to leave on). */
        UNROUTABLE
    }

    /** The MAC address of the simulated next hop: where frames this host sends go, and where received ones come from. */
    public static final long PEER_MAC = 0x020000000002L;

    /** The outcome: the fate, where it was decided ("PRE_ROUTING", "XDP", ...; null when the packet went all the way), and the packet as it ended up. */
    public record Outcome(Fate fate, String where, Packet packet) {}

    private final NetDevices devices;
    private final Netfilter netfilter;
    private final Consumer<String> log;
    private final Xtables xtables;

    /** A stack over {@code devices}, whose hook chains report to {@code log}. */
    public NetStack(NetDevices devices, Consumer<String> log) {
        this.devices = devices;
        this.log = log;
        this.netfilter = new Netfilter(log);
        this.xtables = new Xtables(netfilter);
    }

    /** The iptables tables and the extensions scripts registered. */
    public Xtables xtables() {
        return xtables;
    }

    /** The interfaces. */
    public NetDevices devices() {
        return devices;
    }

    /** The hook chains. */
    public Netfilter netfilter() {
        return netfilter;
    }

    /** The kernel log the stack reports to. */
    public Consumer<String> log() {
        return log;
    }

    /** Receives Ethernet frame {@code frame[0 .. length)} on {@code dev} (the bytes are copied). */
    public Outcome receive(NetDevice dev, byte[] frame, int length) {
        Packet p = Packet.ofFrame(frame, length);
        p.setIn(dev);
        XdpProgram xdp = dev.xdp();
        if (xdp != null) {
            int a = xdp.run(p);
            switch (a) {
                case XdpProgram.PASS:
                    break;
                case XdpProgram.TX:
                    dev.tap(p.buffer(), p.length(), true);
                    return new Outcome(Fate.XDP_TX, "XDP", p);
                case XdpProgram.REDIRECT:
                    return new Outcome(Fate.XDP_REDIRECTED, "XDP", p);
                default: // DROP, ABORTED, or anything else
                    return new Outcome(Fate.XDP_DROPPED, "XDP", p);
            }
        }
        dev.tap(p.buffer(), p.length(), false);
        Outcome o = hook(Netfilter.NETDEV, Netfilter.INGRESS, "INGRESS", p);
        if (o != null) {
            return o;
        }
        if (p.ethertype() == Packet.ETH_P_ARP) {
            o = hook(Netfilter.ARP, Netfilter.ARP_IN, "ARP_IN", p);
            return o != null ? o : new Outcome(Fate.DELIVERED, null, p);
        }
        if (!p.isIpv4()) {
            return new Outcome(Fate.DELIVERED, null, p);
        }
        o = hook(Netfilter.IPV4, Netfilter.PRE_ROUTING, "PRE_ROUTING", p);
        if (o != null) {
            return o;
        }
        if (devices.isLocal(p.ipv4Destination())) {
            o = hook(Netfilter.IPV4, Netfilter.LOCAL_IN, "LOCAL_IN", p);
            return o != null ? o : new Outcome(Fate.DELIVERED, null, p);
        }
        o = hook(Netfilter.IPV4, Netfilter.FORWARD, "FORWARD", p);
        return o != null ? o : leave(p, Fate.FORWARDED);
    }

    /**
     * The way out of a routed packet: the routing decision, POST_ROUTING, an Ethernet header for a
     * packet without one, netdev EGRESS and the device's taps.
     */
    private Outcome leave(Packet p, Fate fate) {
        NetDevice out = devices.route(p.ipv4Destination());
        if (out == null) {
            return new Outcome(Fate.UNROUTABLE, "routing", p);
        }
        p.setOut(out);
        Outcome o = hook(Netfilter.IPV4, Netfilter.POST_ROUTING, "POST_ROUTING", p);
        if (o != null) {
            return o;
        }
        if (p.macLength() == 0) {
            p.pushEthernet(out.isLoopback() ? 0 : PEER_MAC, out.mac(), Packet.ETH_P_IP);
        }
        o = hook(Netfilter.NETDEV, Netfilter.EGRESS, "EGRESS", p);
        if (o != null) {
            return o;
        }
        out.tap(p.buffer(), p.length(), true);
        return new Outcome(fate, null, p);
    }

    /**
     * Receives IPv4 packet {@code ip} from the wire: in an Ethernet frame from the next hop, on the
     * device the route to its source names (UNROUTABLE when there is none).
     */
    public Outcome receiveIpv4(byte[] ip) {
        Packet p = Packet.ofNetwork(ip, ip.length);
        NetDevice dev = p.isIpv4() ? devices.route(p.ipv4Source()) : null;
        if (dev == null) {
            return new Outcome(Fate.UNROUTABLE, "routing", p);
        }
        byte[] frame = Packets.ethernet(dev.mac(), PEER_MAC, Packet.ETH_P_IP, ip);
        return receive(dev, frame, frame.length);
    }

    /** Sends locally generated IPv4 packet {@code ip[0 .. length)} (the bytes are copied). */
    public Outcome send(byte[] ip, int length) {
        Packet p = Packet.ofNetwork(ip, length);
        if (!p.isIpv4()) {
            throw new IllegalArgumentException("not an IPv4 packet");
        }
        Outcome o = hook(Netfilter.IPV4, Netfilter.LOCAL_OUT, "LOCAL_OUT", p);
        return o != null ? o : leave(p, Fate.SENT);
    }

    /**
     * Runs only the IPv4 hooks of point {@code hooknum} (an {@code inet_hooks} number) over
     * {@code packet}, as a capture replayed "at a hook" is: ACCEPTED when every hook accepted.
     */
    public Outcome runHook(int hooknum, Packet packet) {
        Outcome o = hook(Netfilter.IPV4, hooknum, Netfilter.inetHookName(hooknum), packet);
        return o != null ? o : new Outcome(Fate.ACCEPTED, null, packet);
    }

    /** Runs a chain; null when the packet goes on, else the outcome that ended it. */
    private Outcome hook(int pf, int hooknum, String name, Packet p) {
        int v = netfilter.run(pf, hooknum, p);
        if (v == Netfilter.ACCEPT) {
            return null;
        }
        return new Outcome(v == Netfilter.STOLEN ? Fate.STOLEN : Fate.DROPPED, name, p);
    }
}
