package dev.lunatik.kernel.npf;

import dev.lunatik.kernel.CallWatchdog;
import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.KernelRuntime;
import dev.lunatik.kernel.libs.DataLib;
import dev.lunatik.kernel.libs.Runner;
import dev.lunatik.kernel.net.NetDevice;
import dev.lunatik.kernel.net.Netfilter;
import dev.lunatik.kernel.net.Packet;
import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import java.util.ArrayList;
import java.util.List;

/**
 * An NPFLua rule: the global {@code filter(hdr, pld)} of a script's runtime, called for every
 * IPv4 packet at one point of the simulated stack.
 *
 * <ul>
 * <li><b>Where.</b> At an inet hook point (PRE_ROUTING ... POST_ROUTING; {@link #atHook}), or on
 *     an interface ({@link #onDevice}): the packets it receives (netdev INGRESS) and those it
 *     sends (netdev EGRESS), as an NPF rule on an interface sees both directions. Packets that are
 *     not IPv4 pass without a call.</li>
 * <li><b>What the filter gets.</b> {@code hdr}: a data object (Luadata) over the IPv4 header
 *     and the transport header that follows it (TCP with its options, UDP's 8 bytes; none for
 *     other protocols); {@code pld}: one over the transport payload, up to the IPv4 total length
 *     (trailing Ethernet padding is not part of it). Both are writable, valid only during the
 *     call (segments cut from them are emptied afterwards), and start each call with no
 *     layout, as new objects would.</li>
 * <li><b>The verdict.</b> A true result passes the packet, a false one (false or nil, as Lua
 *     tests it) drops it. A Lua error passes it and writes the error and its traceback to the
 *     kernel log. So does a filter still running after {@link #TIME_LIMIT_MILLIS}: the kernel's
 *     {@link CallWatchdog} aborts it, so a filter that never returns costs one packet's delay,
 *     not the packet path.
 *     No {@code filter} function: the packet passes and the log says so.</li>
 * <li><b>The runtime.</b> {@link #attach} uses the runtime already running the script, or runs
 *     it in a new non-sleepable one (packet filters run in softirq context), which
 *     {@link #detach} stops again.</li>
 * </ul>
 *
 * <p>The call path is the netfilter hooks' own: one pair of views per rule, re-pointed at each
 * packet; no allocation per packet.
 */
public final class NpfLua implements Netfilter.Hook, KernelRuntime.Handler1<Packet> {
    /** How long a filter may run on one packet before it is aborted (and the packet passed). */
    public static final long TIME_LIMIT_MILLIS = 500;

    private static final LuaString FILTER = LuaString.valueOf("filter");
    private static final int TCP = 6;
    private static final int UDP = 17;

    private final Kernel kernel;
    private final Runner runner;
    private final String name;
    private final KernelRuntime runtime;
    private final boolean ownRuntime;
    private final NetDevice device;
    private final String where;
    private final DataLib.View hdr;
    private final DataLib.View pld;
    /** The views' handles, pinned in the runtime's registry (as a key) while the rule is attached. */
    private final LuaTable pins = new LuaTable();
    private final List<Netfilter.Registration> registrations = new ArrayList<>();
    /** The time limit of each call ({@link CallWatchdog}). */
    private final CallWatchdog.Guard guard;
    private boolean detached;

    private NpfLua(Kernel kernel, Runner runner, String name, KernelRuntime runtime, boolean ownRuntime, NetDevice device, String where) {
        this.kernel = kernel;
        this.runner = runner;
        this.name = name;
        this.runtime = runtime;
        this.ownRuntime = ownRuntime;
        this.device = device;
        this.where = where;
        DataLib.View[] views = new DataLib.View[2];
        runtime.run(L -> {
            views[0] = DataLib.newView(L, false);
            views[1] = DataLib.newView(L, false);
            pins.rawset(1L, views[0].handle());
            pins.rawset(2L, views[1].handle());
            L.registry().rawset(pins, Boolean.TRUE);
            return 0;
        });
        if (views[0] == null) {
            throw new LuaError(name + " is not running");
        }
        this.hdr = views[0];
        this.pld = views[1];
        this.guard = CallWatchdog.of(kernel).guard(TIME_LIMIT_MILLIS, new CallWatchdog.Abort() {
            @Override
            public void abort() {
                runtime.abort("npf: filter ran longer than " + TIME_LIMIT_MILLIS + " ms: aborted, packet passed");
            }

            @Override
            public void lift() {
                runtime.endAbort();
            }
        });
    }

    /**
     * Runs {@code filter} of script {@code script} (the runtime of that name, or a new
     * non-sleepable one) for every IPv4 packet at inet hook point {@code hooknum}.
     */
    public static NpfLua atHook(Kernel kernel, Runner runner, String script, int hooknum) {
        if (hooknum < Netfilter.PRE_ROUTING || hooknum > Netfilter.POST_ROUTING) {
            throw new IllegalArgumentException("no inet hook point " + hooknum);
        }
        NpfLua r = attach(kernel, runner, script, null, Netfilter.inetHookName(hooknum));
        r.register(Netfilter.IPV4, hooknum);
        return r;
    }

    /** As {@link #atHook}, for every IPv4 packet {@code dev} receives or sends. */
    public static NpfLua onDevice(Kernel kernel, Runner runner, String script, NetDevice dev) {
        NpfLua r = attach(kernel, runner, script, dev, dev.name());
        r.register(Netfilter.NETDEV, Netfilter.INGRESS);
        r.register(Netfilter.NETDEV, Netfilter.EGRESS);
        return r;
    }

    private static NpfLua attach(Kernel kernel, Runner runner, String script, NetDevice dev, String where) {
        String name = Runner.trim(script);
        KernelRuntime rt = runner.runtime(name);
        boolean own = rt == null;
        if (own) {
            rt = runner.run(name, false);
        } else if (rt.isSleepable()) {
            throw new LuaError("cannot use sleepable runtime in this context (" + name + " runs sleepable: run it with 'false')");
        }
        rt.get();
        try {
            return new NpfLua(kernel, runner, name, rt, own, dev, where);
        } catch (RuntimeException e) {
            rt.put();
            if (own) {
                runner.stop(name);
            }
            throw e;
        }
    }

    private void register(int pf, int hooknum) {
        registrations.add(kernel.net().netfilter().register(pf, hooknum, 0, this));
    }

    /** The script's runtime name. */
    public String name() {
        return name;
    }

    /** Where it filters: the hook point's or the interface's name. */
    public String where() {
        return where;
    }

    /**
     * Removes the rule: no packet reaches the filter any more; the runtime it ran is stopped
     * (a runtime that was already running stays). Idempotent.
     */
    public void detach() {
        synchronized (this) {
            if (detached) {
                return;
            }
            detached = true;
        }
        for (Netfilter.Registration r : registrations) {
            r.unregister();
        }
        guard.close();
        if (ownRuntime) {
            runtime.put();
            runner.stop(name);
        } else { // the runtime goes on: let its collector have the views
            runtime.run(L -> {
                L.registry().rawset(pins, null);
                return 0;
            });
            runtime.put();
        }
    }

    @Override
    public int apply(Packet packet, int hooknum) {
        if (device != null && (hooknum == Netfilter.INGRESS ? packet.in() : packet.out()) != device) {
            return Netfilter.ACCEPT;
        }
        if (!packet.isIpv4()) {
            return Netfilter.ACCEPT;
        }
        return runtime.run(this, packet) == Netfilter.DROP ? Netfilter.DROP : Netfilter.ACCEPT;
    }

    @Override
    public int handle(LuaState L, Packet packet) {
        Object fn = L.globals().rawget(FILTER);
        if (!(fn instanceof LuaFunction)) {
            kernel.log().write("npf: " + name + ": filter is not defined");
            return Netfilter.ACCEPT;
        }
        byte[] b = packet.buffer();
        int ip = packet.networkOffset();
        int ipLen = Math.min(packet.length() - ip, ((b[ip + 2] & 0xFF) << 8) | (b[ip + 3] & 0xFF));
        int hl = Math.min(packet.ipv4HeaderLength(), ipLen);
        int proto = packet.ipv4Protocol();
        if (proto == TCP && ipLen - hl >= 20) {
            hl = Math.min(ipLen, hl + ((b[ip + hl + 12] & 0xFF) >>> 4) * 4);
        } else if (proto == UDP) {
            hl = Math.min(ipLen, hl + 8);
        }
        hdr.buffer().reset(b, ip, hl);
        pld.buffer().reset(b, ip + hl, Math.max(0, ipLen - hl));
        guard.begin();
        try {
            LuaStack S = L.mainThread();
            int at = S.prepareCall(2);
            S.set(at, fn);
            S.set(at + 1, hdr.handle());
            S.set(at + 2, pld.handle());
            S.callAt(at, 2, 1);
            boolean pass = S.isInt(at) || Lua.isTruthy(S.refAt(at));
            S.set(at, null);
            return pass ? Netfilter.ACCEPT : Netfilter.DROP;
        } catch (LuaError e) {
            kernel.log().write("npf: " + name + ": " + L.toDisplayString(e.value()));
            String tb = e.luaTraceback();
            if (tb != null) {
                for (String line : tb.split("\n")) {
                    kernel.log().write(line.replace("\t", "  "));
                }
            }
            return Netfilter.ACCEPT;
        } finally {
            guard.end(); // (an abort was raised in the call: its error is logged above)
            hdr.buffer().clear();
            pld.buffer().clear();
            DataLib.dropLayout(L, hdr.handle());
            DataLib.dropLayout(L, pld.handle());
        }
    }
}
