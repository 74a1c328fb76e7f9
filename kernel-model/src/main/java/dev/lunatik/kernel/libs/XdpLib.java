package dev.lunatik.kernel.libs;

import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.KernelClass;
import dev.lunatik.kernel.KernelObject;
import dev.lunatik.kernel.KernelRuntime;
import dev.lunatik.kernel.net.Packet;
import dev.lunatik.kernel.net.XdpProgram;
import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import dev.lunatik.vm.value.LuaUserdata;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lunatik's {@code xdp} library and the kernel function its eBPF programs call.
 *
 * <p>From Lua: {@code xdp.attach(cb)} makes {@code cb} the XDP callback of the calling runtime,
 * which must be non-sleepable ("cannot use sleepable runtime in this context"); {@code
 * xdp.detach()} removes it; {@code xdp.action} is {@code {ABORTED = 0, DROP = 1, PASS = 2, TX = 3,
 * REDIRECT = 4}}. A runtime has at most one callback: attaching again replaces it.
 *
 * <p>From an XDP program ({@link #run}, the {@code bpf_luaxdp_run} kfunc): the runtime is found
 * by the name it runs under ({@code lunatik run NAME}), its callback is called under its lock as
 * {@code cb(packet, argument)}, two {@code data} objects over the frame (from its Ethernet
 * header) and over the program's argument bytes, valid only during the call, and its integer
 * result is returned; -1 on any failure (no such runtime, "couldn't find runtime 'NAME'" in the
 * kernel log; no callback; a Lua error, logged; a result that is not an integer).
 */
public final class XdpLib {
    private XdpLib() {}

    /** One runtime's callback and the two data objects handed to it. */
    static final class Attachment implements KernelRuntime.Handler1<XdpLib.Call> {
        final Kernel kernel;
        final KernelRuntime runtime;
        final Object callback;
        final DataLib.View packet;
        final DataLib.View argument;

        Attachment(Kernel kernel, KernelRuntime runtime, Object callback, DataLib.View packet, DataLib.View argument) {
            this.kernel = kernel;
            this.runtime = runtime;
            this.callback = callback;
            this.packet = packet;
            this.argument = argument;
        }

        @Override
        public int handle(LuaState L, Call c) {
            packet.buffer().reset(c.packet.buffer(), 0, c.packet.length());
            argument.buffer().reset(c.arg, 0, c.arg.length);
            try {
                LuaStack S = L.mainThread();
                int at = S.prepareCall(2);
                S.set(at, callback);
                S.set(at + 1, packet.handle());
                S.set(at + 2, argument.handle());
                S.callAt(at, 2, 1);
                boolean isInt = S.isInt(at);
                long v = isInt ? S.intAt(at) : -1;
                S.set(at, null);
                return isInt && v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (int) v : -1;
            } catch (LuaError e) {
                kernel.log().write(String.valueOf(e.getMessage()));
                return -1;
            } finally {
                packet.buffer().clear();
                argument.buffer().clear();
            }
        }

        void release() {
            attachments(kernel).remove(runtime, this);
        }
    }

    /** A packet and the program's argument, passed to the callback without allocating a closure. */
    record Call(Packet packet, byte[] arg) {}

    private static final String SERVICE = "lunatik.xdp";
    private static final LuaString KEY = LuaString.valueOf("lunatik.xdp");

    @SuppressWarnings("unchecked")
    static Map<KernelRuntime, Attachment> attachments(Kernel k) {
        return k.service(SERVICE, ConcurrentHashMap::new);
    }

    /** The class of the object pinning an attachment: releasing it (when the runtime stops) detaches. */
    public static final KernelClass CLASS = new KernelClass("xdp", false, false, p -> ((Attachment) p).release());

    static final LunatikClass BINDING = new LunatikClass(CLASS);

    /** The {@code xdp} module. */
    public static final LuaLibrary LIBRARY = BINDING.module("xdp", (state, lib) -> {
        JavaFunction.register(lib, "attach", XdpLib::attach);
        JavaFunction.register(lib, "detach", XdpLib::detach);
        LuaTable action = new LuaTable();
        String[] names = {"ABORTED", "DROP", "PASS", "TX", "REDIRECT"};
        for (int i = 0; i < names.length; i++) {
            action.rawset(LuaString.intern(names[i]), (long) i);
        }
        lib.rawset(LuaString.intern("action"), action);
    });

    private static int attach(LuaStack t, int base, int nargs) {
        if (!(t.arg(base, nargs, 1) instanceof LuaFunction)) {
            throw t.typeError(base, nargs, 1, "function");
        }
        Object cb = t.arg(base, nargs, 1);
        LuaState L = t.state();
        KernelRuntime rt = NetfilterLib.nonSleepableRuntime(L);
        Kernel k = Lunatik.kernel(L);
        detach(L);
        Attachment a = new Attachment(k, rt, cb, DataLib.newView(L, false), DataLib.newView(L, true));
        KernelObject o = k.newObject(CLASS, a, false);
        LuaUserdata u = BINDING.wrap(L, o);
        LuaTable pin = new LuaTable();
        pin.rawset(1L, u);
        pin.rawset(2L, cb);
        pin.rawset(3L, a.packet.handle());
        pin.rawset(4L, a.argument.handle());
        L.registry().rawset(KEY, pin);
        attachments(k).put(rt, a);
        return 0;
    }

    private static int detach(LuaStack t, int base, int nargs) {
        detach(t.state());
        return 0;
    }

    private static void detach(LuaState L) {
        KernelRuntime rt = KernelRuntime.of(L);
        if (rt != null) {
            attachments(Lunatik.kernel(L)).remove(rt);
        }
        if (L.registry().rawget(KEY) instanceof LuaTable pin && pin.rawget(1L) instanceof LuaUserdata u) {
            KernelObject o = LunatikClass.toObject(u);
            if (o != null) {
                o.close();
            }
        }
        L.registry().rawset(KEY, null);
    }

    /**
     * {@code bpf_luaxdp_run}: calls the XDP callback of runtime {@code name} with {@code packet} and
     * {@code arg}; its integer result, or -1 on any failure (see the class comment).
     */
    public static int run(Kernel kernel, String name, Packet packet, byte[] arg) {
        KernelObject runtimes = RcuLib.get(RcuLib.env(kernel), "runtimes");
        KernelObject o = runtimes == null ? null : RcuLib.get(runtimes, Runner.trim(name));
        if (o == null || !(o.payload() instanceof KernelRuntime rt)) {
            kernel.log().write("couldn't find runtime '" + name + "'");
            return -1;
        }
        Attachment a = attachments(kernel).get(rt);
        if (a == null) {
            return -1;
        }
        return rt.run(a, new Call(packet, arg));
    }

    /**
     * The XDP program of Lunatik's {@code examples/filter/https.c}: an IPv4/TCP frame to
     * {@code port} with PSH set goes to runtime {@code name}'s callback with a 2-byte big-endian
     * argument, the TCP payload's offset in the frame; a negative result passes the frame. Every
     * other frame passes.
     */
    public static XdpProgram httpsFilter(Kernel kernel, String name, int port) {
        return p -> {
            byte[] b = p.buffer();
            int len = p.length();
            int ip = Packet.ETH_HLEN;
            if (ip + 20 > len || (b[ip + 9] & 0xFF) != 6) {
                return XdpProgram.PASS;
            }
            int tcp = ip + (b[ip] & 0x0F) * 4;
            if (tcp + 20 > len) {
                return XdpProgram.PASS;
            }
            int dport = ((b[tcp + 2] & 0xFF) << 8) | (b[tcp + 3] & 0xFF);
            boolean psh = (b[tcp + 13] & 0x08) != 0;
            if (dport != port || !psh) {
                return XdpProgram.PASS;
            }
            int payload = tcp + ((b[tcp + 12] & 0xFF) >>> 4) * 4;
            if (payload > len) {
                return XdpProgram.PASS;
            }
            byte[] arg = {(byte) (payload >>> 8), (byte) payload};
            int action = run(kernel, name, p, arg);
            return action < 0 ? XdpProgram.PASS : action;
        };
    }
}
