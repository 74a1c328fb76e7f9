package dev.lunatik.kernel;

import org.eclipse.collections.api.map.primitive.MutableIntObjectMap;
import org.eclipse.collections.api.map.primitive.MutableObjectIntMap;
import org.eclipse.collections.impl.map.mutable.primitive.IntObjectHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.ObjectIntHashMap;

/**
 * The network interfaces by name and by index ({@code ifindex}): {@code lo} is 1, and each new
 * interface takes the next free index, as in Linux.
 */
public final class NetDevices {
    private final MutableObjectIntMap<String> indexOf = new ObjectIntHashMap<>();
    private final MutableIntObjectMap<String> nameOf = new IntObjectHashMap<>();
    private int nextIndex = 1;

    NetDevices() {
        add("lo");
    }

    /** Registers interface {@code name} (if new) and returns its index. */
    public synchronized int add(String name) {
        int i = indexOf.getIfAbsent(name, -1);
        if (i < 0) {
            i = nextIndex++;
            indexOf.put(name, i);
            nameOf.put(i, name);
        }
        return i;
    }

    /** The index of interface {@code name}, or -1 when there is none. */
    public synchronized int ifindex(String name) {
        return indexOf.getIfAbsent(name, -1);
    }

    /** The name of the interface with index {@code ifindex}, or null when there is none. */
    public synchronized String name(int ifindex) {
        return nameOf.get(ifindex);
    }
}
