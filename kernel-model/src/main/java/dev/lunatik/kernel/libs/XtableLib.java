package dev.lunatik.kernel.libs;

import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.KernelClass;
import dev.lunatik.kernel.KernelObject;
import dev.lunatik.kernel.KernelRuntime;
import dev.lunatik.kernel.net.Netfilter;
import dev.lunatik.kernel.net.Packet;
import dev.lunatik.kernel.net.Xtables;
import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import dev.lunatik.vm.value.LuaUserdata;

/**
 * Lunatik's {@code xtable} library (3.6 to 4.1): iptables match and target extensions written in
 * Lua. {@code xtable.match{name =, revision =, family =, proto =, hooks =, match = f, checkentry
 * = f, destroy = f}} and {@code xtable.target{..., target = f}} register extension {@code name}
 * (at most 28 characters) for iptables rules ({@code lunatik iptables ... -m NAME} / {@code -j
 * NAME}); the constant tables are netfilter's. Only a non-sleepable runtime may register.
 *
 * <p>Calls, under the runtime's lock: {@code match(skb, par, userargs)} with a read-only
 * {@code data} over the packet from its network header, {@code par = {hotdrop, thoff, fragoff,
 * hooknum}} (the script may set {@code par.hotdrop}) and the rule's 256-byte argument string; a
 * true result matches, an error does not (and is logged). {@code target(skb, par, userargs)} gets
 * a writable view and returns a verdict; anything outside 0..5, or an error, continues with the
 * next rule ({@code XT_CONTINUE}). {@code checkentry(userargs)} runs when a rule is added: an
 * error rejects the rule. {@code destroy(userargs)} runs when it is deleted. The extension goes
 * (with the rules using it) when its runtime stops.
 */
public final class XtableLib {
    private XtableLib() {}

    private static final LuaString HOTDROP_FIELD = LuaString.valueOf("hotdrop");
    private static final LuaString THOFF = LuaString.valueOf("thoff");
    private static final LuaString FRAGOFF = LuaString.valueOf("fragoff");
    private static final LuaString HOOKNUM = LuaString.valueOf("hooknum");
    private static final LuaString PINS = LuaString.valueOf("lunatik.xtable");

    /** One registered extension, match or target. */
    static final class Extension implements Xtables.Match, Xtables.Target {
        final Kernel kernel;
        final KernelRuntime runtime;
        final LuaTable ops;
        final String name;
        final boolean isMatch;
        final DataLib.View skb;

        Extension(Kernel kernel, KernelRuntime runtime, LuaTable ops, String name, boolean isMatch, DataLib.View skb) {
            this.kernel = kernel;
            this.runtime = runtime;
            this.ops = ops;
            this.name = name;
            this.isMatch = isMatch;
            this.skb = skb;
        }

        /** Calls {@code ops[op](args..., userargs)}; the first result, or throws the error. */
        private Object call(LuaState L, String op, Object... args) {
            Object fn = ops.rawget(LuaString.valueOf(op));
            if (!(fn instanceof LuaFunction)) {
                throw new LuaError(op + " isn't defined");
            }
            Object[] r = L.mainThread().call(fn, args);
            return r.length > 0 ? r[0] : null;
        }

        private static LuaString userargs(byte[] u) {
            return LuaString.wrap(u.length == Xtables.USERARGS_SIZE ? u : java.util.Arrays.copyOf(u, Xtables.USERARGS_SIZE));
        }

        @Override
        public int match(Packet p, int thoff, int hooknum, byte[] userargs) {
            int r = runtime.run(L -> {
                LuaTable par = params(thoff, hooknum);
                skb.buffer().reset(p.buffer(), p.networkOffset(), p.length() - p.networkOffset());
                try {
                    int matched = Lua.isTruthy(call(L, "match", skb.handle(), par, userargs(userargs))) ? Xtables.Match.MATCHED : 0;
                    int hotdrop = Lua.isTruthy(par.rawget(HOTDROP_FIELD)) ? Xtables.Match.HOTDROP : 0;
                    return matched | hotdrop;
                } catch (LuaError e) {
                    kernel.log().write("match error: " + e.getMessage());
                    return 0;
                } finally {
                    skb.buffer().clear();
                }
            });
            return r < 0 ? 0 : r; // a runtime that is not running (-ENXIO) matches nothing
        }

        @Override
        public int target(Packet p, int thoff, int hooknum, byte[] userargs) {
            int r = runtime.run(L -> {
                LuaTable par = params(thoff, hooknum);
                skb.buffer().reset(p.buffer(), p.networkOffset(), p.length() - p.networkOffset());
                try {
                    Object v = call(L, "target", skb.handle(), par, userargs(userargs));
                    long n = v instanceof Long l ? l : v instanceof LuaString s && Lua.str2int(s) != null ? Lua.str2int(s) : 0;
                    return n >= 0 && n <= Netfilter.MAX_VERDICT ? (int) n : -1;
                } catch (LuaError e) {
                    kernel.log().write("target error: " + e.getMessage());
                    return -1;
                } finally {
                    skb.buffer().clear();
                }
            });
            return r >= 0 && r <= Netfilter.MAX_VERDICT ? r : Xtables.XT_CONTINUE;
        }

        private static LuaTable params(int thoff, int hooknum) {
            LuaTable par = new LuaTable();
            par.rawset(HOTDROP_FIELD, Boolean.FALSE);
            par.rawset(THOFF, (long) thoff);
            par.rawset(FRAGOFF, 0L);
            par.rawset(HOOKNUM, (long) hooknum);
            return par;
        }

        @Override
        public void checkentry(byte[] userargs) {
            String[] failure = {null};
            int r = runtime.run(L -> {
                try {
                    call(L, "checkentry", userargs(userargs));
                    return 0;
                } catch (LuaError e) {
                    failure[0] = e.getMessage();
                    kernel.log().write("checkentry error: " + e.getMessage());
                    return -1;
                }
            });
            if (r != 0) {
                throw new IllegalArgumentException((isMatch ? "match" : "target") + " '" + name + "' rejected the rule: "
                        + (failure[0] != null ? failure[0] : "its runtime is not running") + " (EINVAL)");
            }
        }

        @Override
        public void destroy(byte[] userargs) {
            runtime.run(L -> {
                try {
                    call(L, "destroy", userargs(userargs));
                } catch (LuaError e) {
                    kernel.log().write("destroy error: " + e.getMessage());
                }
                return 0;
            });
        }

        void release() {
            if (isMatch) {
                kernel.net().xtables().unregisterMatch(name, this);
            } else {
                kernel.net().xtables().unregisterTarget(name, this);
            }
            runtime.put();
        }
    }

    /** The class: non-sleepable; releasing an extension's object unregisters it. */
    public static final KernelClass CLASS = new KernelClass("xtable", false, false, p -> ((Extension) p).release());

    static final LunatikClass BINDING = new LunatikClass(CLASS);

    /** The {@code xtable} module. */
    public static final LuaLibrary LIBRARY = BINDING.module("xtable", (state, lib) -> {
        JavaFunction.register(lib, "match", (t, base, nargs) -> register(t, base, nargs, true));
        JavaFunction.register(lib, "target", (t, base, nargs) -> register(t, base, nargs, false));
        NetfilterLib.constants(lib);
    });

    private static int register(LuaStack t, int base, int nargs, boolean match) {
        LuaTable ops = t.checkTable(base, nargs, 1);
        Object n = ops.rawget(LuaString.valueOf("name"));
        if (!(n instanceof LuaString name)) {
            throw new LuaError("bad field 'name' (string expected, got " + Lua.typeName(n) + ")");
        }
        if (name.length() > Xtables.MAX_NAME) {
            throw new LuaError("bad field 'name' (at most " + Xtables.MAX_NAME + " characters)");
        }
        NetfilterLib.intField(ops, "revision");
        NetfilterLib.intField(ops, "family");
        NetfilterLib.intField(ops, "hooks");
        LuaState L = t.state();
        KernelRuntime rt = NetfilterLib.nonSleepableRuntime(L);
        Kernel k = Lunatik.kernel(L);
        Extension e = new Extension(k, rt, ops, name.toString(), match, DataLib.newView(L, match)); // matches read, targets write
        boolean ok = match ? k.net().xtables().registerMatch(e.name, e) : k.net().xtables().registerTarget(e.name, e);
        if (!ok) {
            throw t.error("unable to register " + (match ? "match" : "target") + " (" + e.name + " exists)");
        }
        rt.get();
        KernelObject o = k.newObject(CLASS, e, false);
        LuaUserdata u = BINDING.wrap(L, o);
        LuaTable pin = new LuaTable();
        pin.rawset(1L, ops);
        pin.rawset(2L, e.skb.handle());
        LunatikClass.registryTable(L, PINS).rawset(u, pin);
        t.set(base, u);
        return 1;
    }
}
