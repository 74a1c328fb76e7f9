package dev.lunatik.kernel.net;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * Netfilter's hook chains: per protocol family and hook point, the registered hooks in priority
 * order (lowest first; equal priorities in registration order), run over a packet as
 * {@code nf_hook_slow} runs them. A chain is an array replaced on every change, so running one
 * allocates nothing and never sees a half-made change.
 *
 * <p>Verdicts: {@link #ACCEPT} goes on to the next hook (and, after the last, down the path);
 * {@link #DROP} frees the packet; {@link #QUEUE} hands it to a userspace queue, and as none is
 * listening here the packet is dropped (as the kernel does without a queue handler);
 * {@link #STOLEN} means the hook took the packet over: it goes no further. {@link #REPEAT} and
 * {@link #STOP} are, as in current kernels, not conventional verdicts for a hook to return: the
 * packet goes no further, like STOLEN, and the kernel log says so. A hook never returns anything
 * outside 0..{@link #MAX_VERDICT}: the Lua bindings turn such a result, or an error, into ACCEPT.
 */
public final class Netfilter {
    /** Verdicts ({@code NF_DROP} ...). */
    public static final int DROP = 0, ACCEPT = 1, STOLEN = 2, QUEUE = 3, REPEAT = 4, STOP = 5, MAX_VERDICT = 5;
    /** Protocol families ({@code NFPROTO_*}). */
    public static final int UNSPEC = 0, INET = 1, IPV4 = 2, ARP = 3, NETDEV = 5, BRIDGE = 7, IPV6 = 10;
    /** Inet hook points ({@code NF_INET_*}). */
    public static final int PRE_ROUTING = 0, LOCAL_IN = 1, FORWARD = 2, LOCAL_OUT = 3, POST_ROUTING = 4;
    /** Netdev hook points. */
    public static final int INGRESS = 0, EGRESS = 1;
    /** ARP hook points. */
    public static final int ARP_IN = 0, ARP_OUT = 1, ARP_FORWARD = 2;

    /** The names of the inet hook points, by number. */
    private static final String[] INET_HOOK_NAMES = {"PRE_ROUTING", "LOCAL_IN", "FORWARD", "LOCAL_OUT", "POST_ROUTING"};

    /** A hook function. */
    @FunctionalInterface
    public interface Hook {
        /** The verdict on {@code packet} at hook point {@code hooknum}, 0..{@link #MAX_VERDICT}. */
        int apply(Packet packet, int hooknum);
    }

    /** One registration; {@link #unregister()} removes it (once). */
    public final class Registration {
        final int pf;
        final int hooknum;
        final int priority;
        final Hook hook;
        final long order;

        Registration(int pf, int hooknum, int priority, Hook hook, long order) {
            this.pf = pf;
            this.hooknum = hooknum;
            this.priority = priority;
            this.hook = hook;
            this.order = order;
        }

        /** Removes the hook from its chain(s). */
        public void unregister() {
            remove(this);
        }

        /** The family it was registered for. */
        public int pf() {
            return pf;
        }

        /** The hook point. */
        public int hooknum() {
            return hooknum;
        }

        /** The priority. */
        public int priority() {
            return priority;
        }
    }

    private static final Registration[] NONE = {};
    /** The chains by {@link #key}: an array lookup per hook point a packet passes, no boxing or hashing. */
    private final AtomicReferenceArray<Registration[]> chains = new AtomicReferenceArray<>(key(IPV6, 7) + 1);
    private long registrations;
    private final Consumer<String> log;

    /** Chains whose unusual verdicts are reported to {@code log} (the kernel log). */
    public Netfilter(Consumer<String> log) {
        this.log = log;
    }

    private static int key(int pf, int hooknum) {
        return (pf << 3) | hooknum;
    }

    private Registration[] chain(int pf, int hooknum) {
        if (pf < 0 || pf > IPV6 || hooknum < 0 || hooknum > 7) {
            return null;
        }
        return chains.get(key(pf, hooknum));
    }

    /** The number of hook points of family {@code pf} (0 for an unknown family). */
    public static int hookCount(int pf) {
        return switch (pf) {
            case INET, IPV4, IPV6, BRIDGE -> 5;
            case ARP -> 3;
            case NETDEV -> 2;
            default -> 0;
        };
    }

    /** The name of inet hook point {@code hooknum} ("PRE_ROUTING" ...), or its number. */
    public static String inetHookName(int hooknum) {
        return hooknum >= 0 && hooknum < INET_HOOK_NAMES.length ? INET_HOOK_NAMES[hooknum] : String.valueOf(hooknum);
    }

    /** The number of inet hook point {@code name} ("PRE_ROUTING" ... "POST_ROUTING"), or -1. */
    public static int inetHook(String name) {
        return java.util.Arrays.asList(INET_HOOK_NAMES).indexOf(name);
    }

    /**
     * Registers {@code hook} at {@code hooknum} of family {@code pf} ({@code INET} means both
     * IPv4 and IPv6, as {@code NFPROTO_INET} does); IllegalArgumentException for a family or hook
     * point that does not exist.
     */
    public synchronized Registration register(int pf, int hooknum, int priority, Hook hook) {
        if (hookCount(pf) == 0 || hooknum < 0 || hooknum >= hookCount(pf)) {
            throw new IllegalArgumentException("no hook point " + hooknum + " in family " + pf);
        }
        Registration r = new Registration(pf, hooknum, priority, hook, registrations++);
        for (int f : families(pf)) {
            Registration[] old = orNone(chains.get(key(f, hooknum)));
            Registration[] neu = Arrays.copyOf(old, old.length + 1);
            int i = old.length;
            while (i > 0 && neu[i - 1].priority > priority) {
                neu[i] = neu[i - 1];
                i--;
            }
            neu[i] = r;
            chains.set(key(f, hooknum), neu);
        }
        return r;
    }

    private static Registration[] orNone(Registration[] chain) {
        return chain == null ? NONE : chain;
    }

    private static int[] families(int pf) {
        return pf == INET ? new int[] {IPV4, IPV6} : new int[] {pf};
    }

    private synchronized void remove(Registration r) {
        for (int f : families(r.pf)) {
            Registration[] old = orNone(chains.get(key(f, r.hooknum)));
            int at = -1;
            for (int i = 0; i < old.length; i++) {
                if (old[i] == r) {
                    at = i;
                }
            }
            if (at < 0) {
                continue;
            }
            Registration[] neu = new Registration[old.length - 1];
            System.arraycopy(old, 0, neu, 0, at);
            System.arraycopy(old, at + 1, neu, at, old.length - at - 1);
            chains.set(key(f, r.hooknum), neu);
        }
    }

    /** How many hooks are registered at {@code hooknum} of family {@code pf} (a concrete family). */
    public int count(int pf, int hooknum) {
        return orNone(chain(pf, hooknum)).length;
    }

    /**
     * Runs the chain of family {@code pf} (IPV4, ARP, NETDEV, BRIDGE) at {@code hooknum} over
     * {@code packet}: {@link #ACCEPT} when every hook accepted (or there is none), else the verdict
     * that ended the traversal (DROP for a QUEUE nobody listens to).
     */
    public int run(int pf, int hooknum, Packet packet) {
        Registration[] chain = chain(pf, hooknum);
        if (chain == null) {
            return ACCEPT;
        }
        for (Registration r : chain) {
            int v = r.hook.apply(packet, hooknum);
            switch (v) {
                case ACCEPT:
                    continue;
                case DROP:
                    return DROP;
                case QUEUE:
                    return DROP; // no userspace queue handler: nf_queue frees the packet
                case STOLEN:
                    return STOLEN;
                default:
                    log.accept("netfilter: hook returned verdict " + v + " at " + inetHookName(hooknum)
                            + " (not a hook's verdict): the packet goes no further");
                    return STOLEN;
            }
        }
        return ACCEPT;
    }
}
