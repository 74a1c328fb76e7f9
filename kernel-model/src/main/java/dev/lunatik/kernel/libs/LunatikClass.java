package dev.lunatik.kernel.libs;

import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.KernelClass;
import dev.lunatik.kernel.KernelLock;
import dev.lunatik.kernel.KernelObject;
import dev.lunatik.kernel.KernelRuntime;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import dev.lunatik.vm.value.LuaUserdata;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Lua face of a kernel class: its metatable (built once per state, kept in the registry),
 * its methods, and the handles ({@code lunatik_newobject}, {@code lunatik_pushobject},
 * {@code lunatik_checkobject}).
 *
 * <p>A <b>handle</b> is a full userdata whose payload is the {@link KernelObject}; each handle holds
 * one reference. Its {@code __gc} drops the reference ({@code lunatik_deleteobject}) and marks the
 * handle dead; {@code __close} (and the class's close method, if it declares one) releases the
 * payload at once ({@code lunatik_closeobject}). Using a dead or closed handle is the Lua error
 * "bad argument #1 to 'm' (null-pointer dereference)", as in Lunatik 3.7.
 *
 * <p><b>Monitor classes</b> run each method under the object's lock: the method function is
 * wrapped once, when the class is built, so a call allocates nothing (Lunatik 4's design;
 * Lunatik 3 built a closure per lookup).
 *
 * <p><b>Contexts.</b> A sleepable class is refused in a non-sleepable runtime, when its module is
 * required and when an object of it is created or cloned there: "cannot use '&lt;name&gt;' class
 * on non-sleepable runtime".
 */
public final class LunatikClass {
    /** A method body: {@code payload} is the object's payload (never null), arguments as in {@link JavaFunction}. */
    @FunctionalInterface
    public interface Method {
        /** Runs the method; writes results from {@code base} and returns their count. */
        int call(LuaStack t, int base, int nargs, Object payload);
    }

    /** The Lunatik 3.7 wording for a dead or closed handle. */
    public static final String NULL_POINTER = "null-pointer dereference";

    private static final Map<KernelClass, LunatikClass> BY_KERNEL_CLASS = new ConcurrentHashMap<>();

    private final KernelClass kclass;
    private final LuaString registryKey;
    private final Map<String, JavaFunction> fields = new LinkedHashMap<>();

    /**
     * The binding of {@code kclass}; methods are added with {@link #method} and friends before the
     * first state uses the class. One binding per kernel class.
     */
    public LunatikClass(KernelClass kclass) {
        this.kclass = kclass;
        this.registryKey = LuaString.valueOf("lunatik.class." + kclass.name());
        BY_KERNEL_CLASS.put(kclass, this);
        fields.put("__gc", JavaFunction.of("__gc", this::gc));
        fields.put("__close", JavaFunction.of("__close", this::close));
    }

    /** The kernel class. */
    public KernelClass kernelClass() {
        return kclass;
    }

    /** The class name (metatable {@code __name}). */
    public String name() {
        return kclass.name();
    }

    /**
     * Adds method {@code name}: argument 1 must be a live handle of this class; for a monitor
     * class the body runs under the object's lock.
     */
    public LunatikClass method(String name, Method m) {
        fields.put(name, new MethodFunction(name, m, kclass.monitor(), false));
        return this;
    }

    /**
     * As {@link #method}, for a method that only reads or writes the object's own state and
     * raises its errors before writing anything, calling no Lua: a leaf function
     * ({@link JavaFunction#isLeaf}), which compiled code may call without a frame. (Its lock, for
     * a monitor class, is taken and released inside the call, and cannot fail for it: no Lua runs
     * while the object's lock is held.)
     */
    public LunatikClass leafMethod(String name, Method m) {
        fields.put(name, new MethodFunction(name, m, kclass.monitor(), true));
        return this;
    }

    /**
     * A method of this class, as {@link #method} (or {@link #leafMethod} with {@code leaf}) makes
     * one, but not put in the class metatable: for a second metatable of the class (data objects
     * with a layout have one).
     */
    public JavaFunction unlistedMethod(String name, Method m, boolean leaf) {
        return new MethodFunction(name, m, kclass.monitor(), leaf);
    }

    /**
     * A method of this class, under the object's lock for a monitor class. Methods are a class of
     * their own rather than lambdas wrapped by {@link JavaFunction#of}, so that a call from Lua
     * reaches the method's body through one virtual call fewer (a data method in a packet hook is
     * called several times per packet).
     *
     * <p>A leaf method of a {@linkplain KernelObject#isConfined confined} object skips the lock:
     * nothing else can contend for it, and a leaf runs no Lua, so nothing can share the object or
     * look at the lock while the method runs. The lock is uncontended then, but its atomic
     * compare-and-set was still a quarter of the cost of a data method in a packet hook.
     */
    private final class MethodFunction extends JavaFunction {
        private final Method m;
        private final boolean monitor;

        MethodFunction(String name, Method m, boolean monitor, boolean leaf) {
            super(name, leaf);
            this.m = m;
            this.monitor = monitor;
        }

        @Override
        public int invoke(LuaStack t, int base, int nargs) {
            KernelObject o = check(t, base, nargs, 1);
            if (!monitor || isLeaf() && o.isConfined()) {
                return call(t, base, nargs, o);
            }
            KernelLock l = o.lock();
            try {
                l.lock();
            } catch (LuaError e) { // a sleeping lock in atomic context, or a recursive one
                Lunatik.logTraceback(o.kernel(), t);
                throw e;
            }
            try {
                return call(t, base, nargs, o);
            } finally {
                l.unlock();
            }
        }

        private int call(LuaStack t, int base, int nargs, KernelObject o) {
            Object p = o.rawPayload();
            if (p == null) {
                throw t.argError(1, NULL_POINTER);
            }
            return m.call(t, base, nargs, p);
        }
    }

    /** Adds a field of the metatable as is (a metamethod such as {@code __len}, or a function checking its own arguments). */
    public LunatikClass field(String name, JavaFunction.Body body) {
        fields.put(name, JavaFunction.of(name, body));
        return this;
    }

    /** Adds method {@code name} that closes the object (releases its payload now; a second close does nothing). */
    public LunatikClass closer(String name) {
        fields.put(name, JavaFunction.of(name, this::close));
        return this;
    }

    /**
     * The module that carries this class ({@code luaopen_<name>}): opening it refuses a sleepable
     * class in a non-sleepable runtime, registers the class metatable in the state, and returns a
     * table that {@code fill} populates with the module's functions and constants.
     */
    public dev.lunatik.vm.api.LuaLibrary module(String moduleName, java.util.function.BiConsumer<LuaState, LuaTable> fill) {
        return new dev.lunatik.vm.api.LuaLibrary() {
            @Override
            public String name() {
                return moduleName;
            }

            @Override
            public Object open(LuaState state) {
                checkContext(state);
                metatable(state);
                LuaTable lib = new LuaTable();
                fill.accept(state, lib);
                return lib;
            }
        };
    }

    /** The class metatable in {@code L}, built on first use. */
    public LuaTable metatable(LuaState L) {
        LuaTable reg = L.registry();
        Object mt = reg.rawget(registryKey);
        if (mt instanceof LuaTable t) {
            return t;
        }
        LuaTable m = new LuaTable();
        for (Map.Entry<String, JavaFunction> e : fields.entrySet()) {
            m.rawset(e.getKey(), e.getValue());
        }
        m.rawset("__name", LuaString.valueOf(kclass.name()));
        if (m.rawget("__index") == null) {
            m.rawset("__index", m);
        }
        reg.rawset(registryKey, m);
        return m;
    }

    // ---- handles -----------------------------------------------------------------------------

    /**
     * {@code lunatik_newobject}: creates a kernel object of this class holding {@code payload} in
     * the kernel of {@code t}'s state and returns its handle (which owns the first reference).
     * Refused in a non-sleepable runtime for a sleepable class.
     */
    public LuaUserdata newObject(LuaStack t, Object payload) {
        LuaState L = t.state();
        checkContext(L);
        KernelObject o = Lunatik.kernel(L).newObject(kclass, payload);
        return wrap(L, o);
    }

    /** A handle in {@code L} for {@code o} that takes over a reference the caller already holds. */
    public LuaUserdata wrap(LuaState L, KernelObject o) {
        return L.newUserdata(o, metatable(L), 0);
    }

    /**
     * {@code lunatik_pushobject}: a new handle in {@code L} for an existing object (any class),
     * taking a reference: the way objects cross runtimes.
     */
    public static LuaUserdata push(LuaState L, KernelObject o) {
        LunatikClass c = of(o.kernelClass());
        c.checkContext(L);
        o.get();
        return c.wrap(L, o);
    }

    /**
     * As {@link #push}, for a reader that may race with the last reference going (an rcu read):
     * null if the object was already released.
     */
    public static LuaUserdata tryPush(LuaState L, KernelObject o) {
        LunatikClass c = of(o.kernelClass());
        c.checkContext(L);
        if (!o.tryGet()) {
            return null;
        }
        return c.wrap(L, o);
    }

    /** The binding of kernel class {@code kc}; a Lua error for a class with no Lua face. */
    public static LunatikClass of(KernelClass kc) {
        LunatikClass c = BY_KERNEL_CLASS.get(kc);
        if (c == null) {
            throw new LuaError("class '" + kc.name() + "' has no Lua binding");
        }
        return c;
    }

    /** The kernel object behind handle {@code v} (any class), or null if {@code v} is no live handle. */
    public static KernelObject toObject(Object v) {
        return v instanceof LuaUserdata u && u.payload() instanceof KernelObject o ? o : null;
    }

    /**
     * Argument {@code n} as a live handle of any class ("bad argument #n to 'f' (object
     * expected)" otherwise, the null-pointer error for a dead or closed handle).
     */
    public static KernelObject checkAnyObject(LuaStack t, int base, int nargs, int n) {
        Object v = t.arg(base, nargs, n);
        if (v instanceof LuaUserdata u) {
            Object p = u.payload();
            if (p instanceof KernelObject o) {
                if (o.isClosed()) {
                    throw t.argError(n, NULL_POINTER);
                }
                return o;
            }
            if (p instanceof KernelClass) {
                throw t.argError(n, NULL_POINTER);
            }
        }
        throw t.argError(n, "object expected");
    }

    /**
     * Argument {@code n} as a live handle of this class: the usual "CLASS expected, got TYPE"
     * otherwise, the null-pointer error for a dead or closed handle.
     */
    public KernelObject check(LuaStack t, int base, int nargs, int n) {
        Object v = n <= nargs ? t.refAt(base + n - 1) : null; // a userdata is never an integer: no boxing
        if (v instanceof LuaUserdata u) {
            Object p = u.payload();
            if (p instanceof KernelObject o && o.kernelClass() == kclass) {
                if (o.isClosed()) {
                    throw t.argError(n, NULL_POINTER);
                }
                return o;
            }
            if (p == kclass) {
                throw t.argError(n, NULL_POINTER);
            }
        }
        throw t.typeError(base, nargs, n, kclass.name());
    }

    /**
     * Argument {@code n} as a handle of this class that was not collected, closed or not (for
     * close methods, which do nothing on a closed object).
     */
    public KernelObject checkHandle(LuaStack t, int base, int nargs, int n) {
        Object v = t.arg(base, nargs, n);
        if (v instanceof LuaUserdata u) {
            Object p = u.payload();
            if (p instanceof KernelObject o && o.kernelClass() == kclass) {
                return o;
            }
            if (p == kclass) {
                throw t.argError(n, NULL_POINTER);
            }
        }
        throw t.typeError(base, nargs, n, kclass.name());
    }

    /** As {@link #check}, returning the payload. */
    public Object checkPayload(LuaStack t, int base, int nargs, int n) {
        Object p = check(t, base, nargs, n).rawPayload();
        if (p == null) {
            throw t.argError(n, NULL_POINTER);
        }
        return p;
    }

    /** Refuses a sleepable class in a non-sleepable runtime. */
    public void checkContext(LuaState L) {
        checkClassContext(L, kclass);
    }

    /** Refuses sleepable class {@code kc} in a non-sleepable runtime. */
    public static void checkClassContext(LuaState L, KernelClass kc) {
        KernelRuntime rt = KernelRuntime.of(L);
        if (kc.sleepable() && rt != null && !rt.isSleepable()) {
            throw new LuaError("cannot use '" + kc.name() + "' class on non-sleepable runtime");
        }
    }

    /** The kernel of {@code t}'s state. */
    public static Kernel kernel(LuaStack t) {
        return Lunatik.kernel(t.state());
    }

    private int gc(LuaStack t, int base, int nargs) {
        if (nargs >= 1 && t.get(base) instanceof LuaUserdata u && u.payload() instanceof KernelObject o) {
            u.setPayload(o.kernelClass()); // dead handle: later use is the null-pointer error
            o.put();
        }
        return 0;
    }

    private int close(LuaStack t, int base, int nargs) {
        checkHandle(t, base, nargs, 1).close();
        return 0;
    }

    /**
     * The table under {@code key} in {@code L}'s registry, made when missing: where a library pins
     * what the kernel side refers to (ops tables, data objects) so that the collector keeps it.
     */
    static LuaTable registryTable(LuaState L, LuaString key) {
        Object p = L.registry().rawget(key);
        if (p instanceof LuaTable t) {
            return t;
        }
        LuaTable t = new LuaTable();
        L.registry().rawset(key, t);
        return t;
    }
}
