package dev.lunatik.kernel.libs;

import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.KernelClass;
import dev.lunatik.kernel.KernelObject;
import dev.lunatik.kernel.KernelRuntime;
import dev.lunatik.kernel.net.Netfilter;
import dev.lunatik.kernel.net.Packet;
import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import dev.lunatik.vm.value.LuaUserdata;

/**
 * Lunatik's {@code netfilter} library: {@code netfilter.register{hook = f, pf = , hooknum = ,
 * priority = [, mark = ]}} puts a Lua function on a hook chain of the kernel's network stack, and
 * the constant tables {@code family}, {@code action}, {@code inet_hooks}, {@code bridge_hooks},
 * {@code arp_hooks}, {@code netdev_hooks}, {@code ip_priority}, {@code bridge_priority} hold
 * Linux's values.
 *
 * <p>As in Lunatik 3.x: only a non-sleepable runtime may register ("cannot use sleepable runtime
 * in this context"); {@code pf}, {@code hooknum} and {@code priority} must be numbers ("bad field
 * 'pf' (number expected, got nil)"); the hook is called only for packets whose mark equals the
 * registration's {@code mark} (default 0), under the runtime's spinlock (atomic context), with a
 * {@code data} object over the packet that starts at the Ethernet header when the packet has one,
 * else at the IP header, and is emptied after the call. The first result is the verdict (read as
 * {@code lua_tointeger} does: nothing or nil is 0, DROP); a non-nil second result becomes the
 * packet's mark. A verdict outside 0..5, a Lua error (logged), or a runtime that is not running
 * accepts the packet. The returned object is pinned in the runtime's registry: the hook goes
 * when its runtime stops.
 */
public final class NetfilterLib {
    private NetfilterLib() {}

    /** One registration: the runtime, the ops table, the packet view, the mark it filters on. */
    static final class LuaHook implements Netfilter.Hook, KernelRuntime.Handler1<Packet> {
        final Kernel kernel;
        final KernelRuntime runtime;
        final LuaTable ops;
        final DataLib.View skb;
        final int mark;
        volatile Netfilter.Registration registration;

        LuaHook(Kernel kernel, KernelRuntime runtime, LuaTable ops, DataLib.View skb, int mark) {
            this.kernel = kernel;
            this.runtime = runtime;
            this.ops = ops;
            this.skb = skb;
            this.mark = mark;
        }

        @Override
        public int apply(Packet packet, int hooknum) {
            if (packet.mark() != mark) {
                return Netfilter.ACCEPT;
            }
            int v = runtime.run(this, packet);
            return v < 0 || v > Netfilter.MAX_VERDICT ? Netfilter.ACCEPT : v;
        }

        @Override
        public int handle(LuaState L, Packet packet) {
            Object fn = ops.rawget(HOOK);
            if (!(fn instanceof LuaFunction)) {
                kernel.log().write("operation not defined");
                return -1;
            }
            skb.buffer().reset(packet.buffer(), 0, packet.length());
            try {
                LuaStack S = L.mainThread();
                int at = S.prepareCall(1);
                S.set(at, fn);
                S.set(at + 1, skb.handle());
                S.callAt(at, 1, 2);
                if (S.refAt(at + 1) != null || S.isInt(at + 1)) {
                    packet.setMark((int) toInteger(S, at + 1));
                }
                long v = toInteger(S, at);
                S.set(at, null);
                S.set(at + 1, null);
                return v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? -1 : (int) v;
            } catch (LuaError e) {
                kernel.log().write(String.valueOf(e.getMessage()));
                return -1;
            } finally {
                skb.buffer().clear();
            }
        }

        void release() {
            Netfilter.Registration r = registration;
            registration = null;
            if (r != null) {
                r.unregister();
                runtime.put();
            }
        }
    }

    /** {@code lua_tointeger}: an integer, a string holding one, else 0. */
    static long toInteger(LuaStack S, int i) {
        if (S.isInt(i)) {
            return S.intAt(i);
        }
        if (S.refAt(i) instanceof LuaString s) {
            Long v = Lua.str2int(s);
            return v == null ? 0 : v;
        }
        return 0;
    }

    static final LuaString HOOK = LuaString.valueOf("hook");
    private static final LuaString MARK = LuaString.valueOf("mark");
    private static final LuaString PINS = LuaString.valueOf("lunatik.netfilter");

    /** The class: non-sleepable, not a monitor; releasing an object unregisters its hook. */
    public static final KernelClass CLASS = new KernelClass("netfilter", false, false, p -> ((LuaHook) p).release());

    static final LunatikClass BINDING = new LunatikClass(CLASS);

    /** The {@code netfilter} module. */
    public static final dev.lunatik.vm.api.LuaLibrary LIBRARY = BINDING.module("netfilter", (state, lib) -> {
        JavaFunction.register(lib, "register", NetfilterLib::register);
        constants(lib);
    });

    /** Puts Linux's netfilter constant tables in {@code lib} (shared with {@code xtable}). */
    static void constants(LuaTable lib) {
        lib.rawset("family", table("UNSPEC", 0, "INET", 1, "IPV4", 2, "IPV6", 10, "ARP", 3, "NETDEV", 5, "BRIDGE", 7));
        lib.rawset("action", table("DROP", 0, "ACCEPT", 1, "STOLEN", 2, "QUEUE", 3, "REPEAT", 4, "STOP", 5,
                "CONTINUE", 0xFFFFFFFFL, "RETURN", -5));
        lib.rawset("inet_hooks", table("PRE_ROUTING", 0, "LOCAL_IN", 1, "FORWARD", 2, "LOCAL_OUT", 3, "POST_ROUTING", 4));
        lib.rawset("bridge_hooks", table("PRE_ROUTING", 0, "LOCAL_IN", 1, "FORWARD", 2, "LOCAL_OUT", 3, "POST_ROUTING", 4));
        lib.rawset("arp_hooks", table("IN", 0, "OUT", 1, "FORWARD", 2));
        lib.rawset("netdev_hooks", table("INGRESS", 0, "EGRESS", 1));
        lib.rawset("ip_priority", table("FIRST", (long) Integer.MIN_VALUE, "RAW_BEFORE_DEFRAG", -450,
                "CONNTRACK_DEFRAG", -400, "RAW", -300, "SELINUX_FIRST", -225, "CONNTRACK", -200, "MANGLE", -150,
                "NAT_DST", -100, "FILTER", 0, "SECURITY", 50, "NAT_SRC", 100, "SELINUX_LAST", 225,
                "CONNTRACK_HELPER", 300, "LAST", (long) Integer.MAX_VALUE));
        lib.rawset("bridge_priority", table("FIRST", (long) Integer.MIN_VALUE, "NAT_DST_BRIDGED", -300,
                "FILTER_BRIDGED", -200, "BRNF", 0, "NAT_DST_OTHER", 100, "FILTER_OTHER", 200, "NAT_SRC", 300,
                "LAST", (long) Integer.MAX_VALUE));
    }

    private static LuaTable table(Object... kv) {
        LuaTable t = new LuaTable();
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            t.rawset(LuaString.intern((String) kv[i]), v instanceof Integer n ? Long.valueOf(n) : v);
        }
        return t;
    }

    /** {@code lunatik_checkfield} for a number: the field's integer value. */
    static long intField(LuaTable ops, String field) {
        Object v = ops.rawget(LuaString.valueOf(field));
        if (!(v instanceof Long n)) {
            throw new LuaError("bad field '" + field + "' (number expected, got " + Lua.typeName(v) + ")");
        }
        return n;
    }

    /** {@code lunatik_checkruntime(L, false)}: the calling runtime, which must be non-sleepable. */
    static KernelRuntime nonSleepableRuntime(LuaState L) {
        KernelRuntime rt = KernelRuntime.of(L);
        if (rt == null || rt.isSleepable()) {
            throw new LuaError("cannot use sleepable runtime in this context");
        }
        return rt;
    }

    private static int register(LuaStack t, int base, int nargs) {
        LuaTable ops = t.checkTable(base, nargs, 1);
        LuaState L = t.state();
        int pf = (int) intField(ops, "pf");
        int hooknum = (int) intField(ops, "hooknum");
        int priority = (int) intField(ops, "priority");
        Object m = ops.rawget(MARK);
        int mark = m instanceof Long n ? (int) (long) n : 0;
        KernelRuntime rt = nonSleepableRuntime(L);
        Kernel k = Lunatik.kernel(L);
        DataLib.View skb = DataLib.newView(L, false);
        LuaHook h = new LuaHook(k, rt, ops, skb, mark);
        try {
            h.registration = k.net().netfilter().register(pf, hooknum, priority, h);
        } catch (IllegalArgumentException e) {
            throw t.error("failed to register netfilter hook");
        }
        rt.get();
        KernelObject o = k.newObject(CLASS, h, false);
        LuaUserdata u = BINDING.wrap(L, o);
        LuaTable pin = new LuaTable();
        pin.rawset(1L, ops);
        pin.rawset(2L, skb.handle());
        LunatikClass.registryTable(L, PINS).rawset(u, pin);
        t.set(base, u);
        return 1;
    }

}
