package dev.lunatik.kernel.net;

import dev.lunatik.kernel.net.NetStack.Fate;
import dev.lunatik.kernel.net.pcap.Capture;
import dev.lunatik.kernel.net.pcap.CapturedPacket;
import dev.lunatik.kernel.net.pcap.LinkType;
import dev.lunatik.kernel.net.pcap.PcapWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays a capture through the stack: at one hook point ({@link #atHook}), or as frames received
 * on a device ({@link #onDevice}). The packets that survive, with whatever the hooks changed,
 * go to an output capture; the summary counts what became of each.
 *
 * <p>At a hook, an Ethernet capture's packets keep their Ethernet header where received packets
 * have one (PRE_ROUTING, LOCAL_IN, FORWARD) and start at the IP header where locally generated
 * ones do (LOCAL_OUT, POST_ROUTING); a raw-IP capture's start at the IP header everywhere. Frames
 * that are not IPv4 pass untouched (IPv4 hooks never see them). On a device, a raw-IP capture's
 * packets are given an Ethernet header addressed to the device.
 */
public final class Replay {
    private Replay() {}

    /** What became of the packets: counts by outcome, in the order first seen, and how many went out. */
    public record Summary(String what, int packets, Map<String, Integer> outcomes, int written) {
        /** One line: {@code "4 packets at LOCAL_OUT: 3 accepted, 1 dropped at LOCAL_OUT"}. */
        public String text() {
            List<String> parts = new ArrayList<>();
            outcomes.forEach((k, v) -> parts.add(v + " " + k));
            return packets + (packets == 1 ? " packet " : " packets ") + what
                    + (parts.isEmpty() ? "" : ": " + String.join(", ", parts));
        }
    }

    private static final class Counter {
        final Map<String, Integer> counts = new LinkedHashMap<>();
        int written;

        void count(String outcome) {
            counts.merge(outcome, 1, Integer::sum);
        }
    }

    private static String describe(NetStack.Outcome o) {
        return switch (o.fate()) {
            case ACCEPTED -> "accepted";
            case DELIVERED -> "delivered";
            case FORWARDED -> "forwarded";
            case SENT -> "sent";
            case DROPPED -> "dropped at " + o.where();
            case STOLEN -> "stolen at " + o.where();
            case XDP_DROPPED -> "dropped by XDP";
            case XDP_TX -> "bounced by XDP (TX)";
            case XDP_REDIRECTED -> "redirected by XDP";
            case UNROUTABLE -> "unroutable";
        };
    }

    private static boolean survives(Fate f) {
        return f == Fate.ACCEPTED || f == Fate.DELIVERED || f == Fate.FORWARDED || f == Fate.SENT;
    }

    /**
     * A captured packet as a hook point sees it: from its Ethernet header where received packets
     * have one, from its IPv4 header for a locally generated one ({@code local}) or a raw-IP
     * capture; null when it is not IPv4.
     */
    private static Packet atHookPoint(byte[] d, boolean ethernet, boolean local) {
        boolean ipv4 = ethernet
                ? d.length >= Packet.ETH_HLEN + 20 && (d[12] & 0xFF) == 0x08 && d[13] == 0 && ((d[14] >> 4) & 0xF) == 4
                : d.length >= 20 && ((d[0] >> 4) & 0xF) == 4;
        if (!ipv4) {
            return null;
        }
        if (!ethernet) {
            return Packet.ofNetwork(d, d.length);
        }
        return local ? Packet.ofNetwork(java.util.Arrays.copyOfRange(d, Packet.ETH_HLEN, d.length), d.length - Packet.ETH_HLEN)
                : Packet.ofFrame(d, d.length);
    }

    /** Replays {@code in} at inet hook point {@code hooknum}; survivors go to {@code out} (may be null) in the capture's link type. */
    public static Summary atHook(NetStack net, int hooknum, Capture in, PcapWriter out) throws IOException {
        boolean local = hooknum == Netfilter.LOCAL_OUT || hooknum == Netfilter.POST_ROUTING;
        boolean ethernet = in.linkType() == LinkType.ETHERNET;
        Counter c = new Counter();
        for (CapturedPacket cp : in.packets()) {
            byte[] d = cp.data();
            Packet p = atHookPoint(d, ethernet, local);
            if (p == null) {
                c.count("not IPv4, passed");
                write(out, cp, d, c);
                continue;
            }
            NetStack.Outcome o = net.runHook(hooknum, p);
            c.count(describe(o));
            if (survives(o.fate())) {
                byte[] bytes = java.util.Arrays.copyOf(p.buffer(), p.length());
                if (ethernet && local) { // put the capture's own Ethernet header back
                    byte[] f = new byte[Packet.ETH_HLEN + bytes.length];
                    System.arraycopy(d, 0, f, 0, Packet.ETH_HLEN);
                    System.arraycopy(bytes, 0, f, Packet.ETH_HLEN, bytes.length);
                    bytes = f;
                }
                write(out, cp, bytes, c);
            }
        }
        return new Summary("at " + Netfilter.inetHookName(hooknum), in.packets().size(), c.counts, c.written);
    }

    /** Replays {@code in} as frames received on {@code dev}; survivors go to {@code out} (may be null) as Ethernet frames. */
    public static Summary onDevice(NetStack net, NetDevice dev, Capture in, PcapWriter out) throws IOException {
        boolean ethernet = in.linkType() == LinkType.ETHERNET;
        Counter c = new Counter();
        for (CapturedPacket cp : in.packets()) {
            byte[] d = cp.data();
            byte[] frame = d;
            if (!ethernet) {
                frame = new byte[Packet.ETH_HLEN + d.length];
                for (int i = 0; i < 6; i++) {
                    frame[i] = (byte) (dev.mac() >>> (8 * (5 - i)));
                    frame[6 + i] = (byte) (NetStack.PEER_MAC >>> (8 * (5 - i)));
                }
                boolean v6 = d.length > 0 && ((d[0] >> 4) & 0xF) == 6;
                frame[12] = (byte) (v6 ? 0x86 : 0x08);
                frame[13] = (byte) (v6 ? 0xDD : 0x00);
                System.arraycopy(d, 0, frame, Packet.ETH_HLEN, d.length);
            }
            if (frame.length < Packet.ETH_HLEN) {
                c.count("too short for Ethernet, skipped");
                continue;
            }
            NetStack.Outcome o = net.receive(dev, frame, frame.length);
            c.count(describe(o));
            if (survives(o.fate())) {
                write(out, cp, java.util.Arrays.copyOf(o.packet().buffer(), o.packet().length()), c);
            }
        }
        return new Summary("received on " + dev.name(), in.packets().size(), c.counts, c.written);
    }

    /** What {@link #bench} measured. */
    public record BenchResult(long packets, long nanos, double bytesPerPacket) {
        /** Packets per second. */
        public long rate() {
            return nanos == 0 ? 0 : packets * 1_000_000_000L / nanos;
        }

        /** {@code "<N> packets/s, <B> bytes allocated per packet (<P> packets in <S> s)"}. */
        public String text() {
            return String.format(java.util.Locale.ROOT, "%d packets/s, %.1f bytes allocated per packet (%d packets in %.1f s)",
                    rate(), bytesPerPacket, packets, nanos / 1e9);
        }
    }

    /**
     * Runs the capture's IPv4 packets through the hooks of inet point {@code hooknum} (when
     * {@code dev} is null) or as frames received on {@code dev}, over and over on this thread, for
     * about {@code seconds}, with no I/O: how many packets a second the registered scripts take,
     * and what the path and the scripts allocate per packet (this thread's allocations, as the
     * JVM counts them). The packets are copied once up front; a hook's changes stay in the copy.
     */
    public static BenchResult bench(NetStack net, int hooknum, NetDevice dev, Capture in, double seconds) {
        boolean ethernet = in.linkType() == LinkType.ETHERNET;
        boolean local = hooknum == Netfilter.LOCAL_OUT || hooknum == Netfilter.POST_ROUTING;
        List<Packet> packets = new ArrayList<>();
        List<byte[]> frames = new ArrayList<>();
        for (CapturedPacket cp : in.packets()) {
            byte[] d = cp.data();
            if (dev != null) {
                if (ethernet && d.length >= Packet.ETH_HLEN) {
                    frames.add(d);
                }
                continue;
            }
            Packet p = atHookPoint(d, ethernet, local);
            if (p != null) {
                packets.add(p);
            }
        }
        int n = dev != null ? frames.size() : packets.size();
        if (n == 0) {
            throw new IllegalArgumentException(dev != null ? "no Ethernet frames in the capture" : "no IPv4 packets in the capture");
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        // a short warm-up, so the rate is the compiled path's
        long warm = System.nanoTime() + Math.min(1_000_000_000L, (long) (seconds * 1e9) / 4);
        long i = 0;
        while (System.nanoTime() < warm) {
            one(net, hooknum, dev, packets, frames, (int) (i++ % n));
        }
        long count = 0;
        long bytes0 = mx.getThreadAllocatedBytes(tid);
        long t0 = System.nanoTime();
        long t;
        do {
            for (int k = 0; k < 256; k++) {
                one(net, hooknum, dev, packets, frames, (int) (count++ % n));
            }
            t = System.nanoTime();
        } while (t < deadline);
        long bytes = mx.getThreadAllocatedBytes(tid) - bytes0;
        return new BenchResult(count, t - t0, (double) bytes / count);
    }

    private static void one(NetStack net, int hooknum, NetDevice dev, List<Packet> packets, List<byte[]> frames, int i) {
        if (dev != null) {
            byte[] f = frames.get(i);
            net.receive(dev, f, f.length);
        } else {
            net.netfilter().run(Netfilter.IPV4, hooknum, packets.get(i));
        }
    }

    private static void write(PcapWriter out, CapturedPacket cp, byte[] bytes, Counter c) throws IOException {
        if (out != null) {
            out.write(new CapturedPacket(cp.timestampNanos(), bytes.length, bytes));
            c.written++;
        }
    }
}
