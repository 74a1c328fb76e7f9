package dev.lunatik.kernel.net;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.collections.api.map.primitive.MutableIntObjectMap;
import org.eclipse.collections.impl.map.mutable.primitive.IntObjectHashMap;

/**
 * The network interfaces by name and by index ({@code ifindex}). A kernel starts with {@code lo}
 * (ifindex 1, 127.0.0.1/8) and an Ethernet device {@code eth0} (ifindex 2, MAC
 * 02:00:00:00:00:01, 10.1.1.2/24); each new interface takes the next index, as in Linux, and an
 * index is never reused.
 */
public final class NetDevices {
    private final java.util.Map<String, NetDevice> byName = new java.util.LinkedHashMap<>();
    private final MutableIntObjectMap<NetDevice> byIndex = new IntObjectHashMap<>();
    private int lastIndex;
    /** Every interface by index, replaced on each change: the packet path reads it without locking or allocating. */
    private volatile NetDevice[] snapshot = {};

    /** The default interfaces: {@code lo} and {@code eth0}. */
    public NetDevices() {
        NetDevice lo = create("lo", 0, true);
        lo.addAddress(0x7F000001, 8);
        NetDevice eth0 = create("eth0", 0x020000000001L, false);
        eth0.addAddress(Packet.parseIpv4("10.1.1.2"), 24);
    }

    private synchronized NetDevice create(String name, long mac, boolean loopback) {
        NetDevice d = new NetDevice(name, ++lastIndex, mac, loopback);
        byName.put(name, d);
        byIndex.put(d.ifindex(), d);
        refresh();
        return d;
    }

    /**
     * Registers Ethernet interface {@code name} if new (MAC 02:00:00:00:00:NN from its index) and
     * returns it; the existing one otherwise. IllegalArgumentException for a name Linux refuses
     * (empty, longer than 15 bytes, with '/', ':' or whitespace, "." or "..").
     */
    public synchronized NetDevice add(String name) {
        NetDevice d = byName.get(name);
        if (d != null) {
            return d;
        }
        if (name.isEmpty() || name.length() > 15 || name.equals(".") || name.equals("..")
                || name.chars().anyMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("invalid interface name '" + name + "'");
        }
        return create(name, 0x020000000000L | (lastIndex + 1), false);
    }

    /** Removes interface {@code name}; false when there is none ({@code lo} cannot be removed). */
    public synchronized boolean remove(String name) {
        NetDevice d = byName.get(name);
        if (d == null || d.isLoopback()) {
            return false;
        }
        byName.remove(name);
        byIndex.remove(d.ifindex());
        refresh();
        return true;
    }

    /** Interface {@code name}, or null. */
    public synchronized NetDevice get(String name) {
        return byName.get(name);
    }

    /** The interface with index {@code ifindex}, or null. */
    public synchronized NetDevice get(int ifindex) {
        return byIndex.get(ifindex);
    }

    /** The index of interface {@code name}, or -1 when there is none. */
    public synchronized int ifindex(String name) {
        NetDevice d = byName.get(name);
        return d == null ? -1 : d.ifindex();
    }

    private void refresh() {
        List<NetDevice> out = new ArrayList<>(byName.values());
        out.sort(java.util.Comparator.comparingInt(NetDevice::ifindex));
        snapshot = out.toArray(NetDevice[]::new);
    }

    /** Every interface, by index. */
    public List<NetDevice> all() {
        return List.of(snapshot);
    }

    /** Whether {@code ip} is an address of this host (one of the interfaces', or in 127.0.0.0/8). */
    public boolean isLocal(int ip) {
        if ((ip >>> 24) == 127) {
            return true;
        }
        for (NetDevice d : snapshot) {
            if (d.hasAddress(ip)) {
                return true;
            }
        }
        return false;
    }

    /** The interface a packet to {@code ip} leaves on: loopback for a local address, the one whose subnet has it, else the first Ethernet device (the default route); null when there is none. */
    public NetDevice route(int ip) {
        NetDevice[] all = snapshot;
        if (isLocal(ip)) {
            return all.length == 0 ? null : all[0];
        }
        for (NetDevice d : all) {
            if (!d.isLoopback() && d.reaches(ip)) {
                return d;
            }
        }
        for (NetDevice d : all) {
            if (!d.isLoopback()) {
                return d;
            }
        }
        return null;
    }
}
