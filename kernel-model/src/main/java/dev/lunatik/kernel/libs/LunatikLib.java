package dev.lunatik.kernel.libs;

import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.kernel.KernelObject;
import dev.lunatik.kernel.KernelRuntime;
import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import dev.lunatik.vm.value.LuaUserdata;

/**
 * Lunatik's {@code lunatik} library: {@code lunatik.runtime(script [, sleep])} creates a runtime
 * (see {@link KernelRuntime}) and returns its handle; {@code rt:resume(obj...)} and
 * {@code rt:stop()}; {@code lunatik._ENV}, the kernel's shared rcu table, cloned into every state.
 *
 * <p><b>{@code resume}.</b> Arguments must be Lunatik objects ("bad argument #i to 'resume'
 * (invalid object)" otherwise); each is cloned into the target runtime (a new handle with its own
 * reference). The target's entry runs as described in {@link KernelRuntime#resumeLocked},
 * holding the target's lock (the class is monitored). {@code resume} returns what the resumed
 * function returned or yielded, converted for the caller as objects cross runtimes: objects are
 * cloned, nil, booleans and integers pass, strings are copied, anything else (a function, a
 * table) arrives as nil. This is the behaviour Lunatik adopted in 2026 (PR #803); the value the
 * function returned last also stays as the target's entry, so that a later {@code resume} or
 * {@code thread.run(rt)} calls it, as the README's {@code echod} example (written for 3.7, where
 * {@code resume} returned nothing) needs. A target error is raised in the caller as the target's
 * message followed by a newline.
 *
 * <p>{@code rt:stop()} closes the runtime's state at once; stopping it again does nothing (as in
 * Lunatik 4.1+; 3.7 raised the null-pointer error), and a runtime cannot stop itself.
 *
 * <p>A non-sleepable runtime cannot create runtimes: there {@code require "lunatik"} gives only
 * {@code _ENV} (Lunatik 4's {@code lunatik_stub}).
 */
public final class LunatikLib {
    private LunatikLib() {}

    /** The Lua binding of the runtime class. */
    public static final LunatikClass BINDING = new LunatikClass(KernelRuntime.CLASS)
            .method("resume", LunatikLib::resume)
            .field("stop", LunatikLib::stop)
            .field("__close", LunatikLib::stop);

    /** The {@code lunatik} module. */
    public static final LuaLibrary LIBRARY = new LuaLibrary() {
        @Override
        public String name() {
            return "lunatik";
        }

        @Override
        public Object open(LuaState state) {
            LuaTable lib = new LuaTable();
            KernelRuntime rt = KernelRuntime.of(state);
            if (rt == null || rt.isSleepable()) {
                BINDING.metatable(state);
                JavaFunction.register(lib, "runtime", LunatikLib::runtime);
            }
            lib.rawset("_ENV", LunatikClass.push(state, RcuLib.env(Lunatik.kernel(state))));
            return lib;
        }
    };

    /** {@code lunatik.runtime(script [, sleep = true])}. */
    private static int runtime(LuaStack t, int base, int nargs) {
        LuaString script = t.checkString(base, nargs, 1);
        boolean sleep = t.isNoneOrNil(base, nargs, 2) || dev.lunatik.vm.value.Lua.isTruthy(t.get(base + 1));
        LuaState L = t.state();
        BINDING.checkContext(L);
        Lunatik.mightSleep(t, "lunatik.runtime");
        KernelRuntime rt = KernelRuntime.create(Lunatik.kernel(L), script.toString(), sleep);
        t.set(base, BINDING.wrap(L, rt.adoptReference()));
        return 1;
    }

    private static int resume(LuaStack t, int base, int nargs, Object payload) {
        KernelRuntime rt = (KernelRuntime) payload;
        LuaState target = rt.state();
        if (target == null) {
            throw t.argError(1, LunatikClass.NULL_POINTER);
        }
        Object[] args = new Object[nargs - 1];
        for (int i = 2; i <= nargs; i++) {
            KernelObject o = LunatikClass.toObject(t.get(base + i - 1));
            if (o == null || o.isClosed()) {
                throw t.argError(i, "invalid object");
            }
        }
        for (int i = 2; i <= nargs; i++) {
            args[i - 2] = LunatikClass.push(target, LunatikClass.toObject(t.get(base + i - 1)));
        }
        Object[] r = rt.resumeLocked(args);
        LuaState L = t.state();
        t.ensure(base + r.length + 1);
        for (int i = 0; i < r.length; i++) {
            t.set(base + i, transfer(L, r[i]));
        }
        return r.length;
    }

    /** A value of another runtime as the runtime of {@code to} may hold it (see the class comment). */
    static Object transfer(LuaState to, Object v) {
        if (v == null || v instanceof Boolean || v instanceof Long) {
            return v;
        }
        if (v instanceof LuaString s) {
            return LuaString.wrap(s.bytes().clone());
        }
        KernelObject o = LunatikClass.toObject(v);
        if (o != null && !o.isClosed()) {
            LuaUserdata u = LunatikClass.tryPush(to, o);
            return u;
        }
        return null;
    }

    /** {@code rt:stop()}: closes the runtime's state now; the handle keeps its reference until collected. */
    private static int stop(LuaStack t, int base, int nargs) {
        KernelObject o = BINDING.checkHandle(t, base, nargs, 1);
        if (o.rawPayload() instanceof KernelRuntime rt) {
            rt.checkNotInside();
        }
        o.close();
        return 0;
    }
}
