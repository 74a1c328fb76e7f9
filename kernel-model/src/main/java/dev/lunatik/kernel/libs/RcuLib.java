package dev.lunatik.kernel.libs;

import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.KernelClass;
import dev.lunatik.kernel.KernelLock;
import dev.lunatik.kernel.KernelObject;
import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaUserdata;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lunatik's {@code rcu} library: a hash table of string keys to kernel objects shared between
 * runtimes ({@code rcu.table([buckets])}, {@code t[key]}, {@code t[key] = obj | nil},
 * {@code rcu.map(t, cb)}).
 *
 * <p>Reads take no lock: the table is a concurrent map read without blocking (the role RCU plays
 * in the kernel), and a value read is <em>cloned</em> into the reading state (a new handle with
 * its own reference). Writers take the table's spinlock; the reference of a replaced or deleted
 * value is dropped after the lock is released, so a release hook that sleeps (a runtime's) does
 * not run in atomic context. Numbers used as keys are converted to strings; a key of 256 bytes
 * or more fails with "not enough memory" as in Lunatik 3.7; a value must be an object or nil.
 * Lunatik 3.7's prefix-match quirk (a stored key that starts with the looked-up key matching in
 * the same bucket) is not reproduced. {@code lunatik._ENV} is one such table per kernel (256
 * buckets), created on first use and dropped by {@link Lunatik#shutdown}.
 */
public final class RcuLib {
    private RcuLib() {}

    /** The payload of an rcu table. */
    static final class Table {
        final int buckets;
        final ConcurrentHashMap<LuaString, KernelObject> map;

        Table(int buckets) {
            this.buckets = buckets;
            this.map = new ConcurrentHashMap<>(Math.min(buckets, 1 << 16));
        }

        void release() {
            for (Map.Entry<LuaString, KernelObject> e : map.entrySet()) {
                if (map.remove(e.getKey(), e.getValue())) {
                    e.getValue().put();
                }
            }
        }
    }

    /** The rcu table class: spinlock, not monitored. */
    public static final KernelClass CLASS = new KernelClass("rcu", false, false, p -> ((Table) p).release());

    /** The Lua binding of {@link #CLASS}. */
    public static final LunatikClass BINDING = new LunatikClass(CLASS)
            .field("__index", RcuLib::index)
            .field("__newindex", RcuLib::newindex);

    /** Default number of buckets ({@code LUARCU_DEFAULT_SIZE}). */
    public static final int DEFAULT_BUCKETS = 256;

    static final String ENV_SERVICE = "lunatik.env";

    /** The {@code rcu} module. */
    public static final LuaLibrary LIBRARY = BINDING.module("rcu", (state, lib) -> {
        JavaFunction.register(lib, "table", RcuLib::table);
        JavaFunction.register(lib, "map", RcuLib::map);
    });

    /** A new rcu table object in {@code kernel} with {@code buckets} buckets (one reference, the caller's). */
    public static KernelObject newTable(Kernel kernel, int buckets) {
        return kernel.newObject(CLASS, new Table(roundUp(buckets)));
    }

    /**
     * The kernel's shared environment ({@code lunatik._ENV}), created on first use; the kernel
     * holds one reference until it shuts down.
     */
    public static KernelObject env(Kernel kernel) {
        return kernel.service(ENV_SERVICE, () -> {
            KernelObject env = newTable(kernel, DEFAULT_BUCKETS);
            kernel.onShutdown(() -> {
                KernelObject e = kernel.removeService(ENV_SERVICE);
                if (e != null) {
                    e.put();
                }
            });
            return env;
        });
    }

    /** Reads {@code key} from table object {@code table} (Java side; no clone): the stored object or null. */
    public static KernelObject get(KernelObject table, String key) {
        return ((Table) table.payload()).map.get(LuaString.valueOf(key));
    }

    /**
     * Stores {@code value} under {@code key} in table object {@code table} (Java side), handing the
     * caller's reference to {@code value} over to the table (null removes the key); the reference
     * of a replaced value is dropped. As {@code t[key] = value}, under the table's lock.
     */
    public static void put(KernelObject table, String key, KernelObject value) {
        LuaString k = LuaString.valueOf(key);
        if (k.length() >= 256) {
            if (value != null) {
                value.put();
            }
            throw LuaError.memory();
        }
        KernelObject old;
        KernelLock l = table.lock();
        l.lock();
        try {
            Table tab = (Table) table.payload();
            old = value == null ? tab.map.remove(k) : tab.map.put(k, value);
        } finally {
            l.unlock();
        }
        if (old != null) {
            old.put();
        }
    }

    /** The keys of table object {@code table} (Java side), sorted. */
    public static java.util.List<String> keys(KernelObject table) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (LuaString k : ((Table) table.payload()).map.keySet()) {
            out.add(k.toString());
        }
        java.util.Collections.sort(out);
        return out;
    }

    /** The number of entries of table object {@code table} (Java side). */
    public static int size(KernelObject table) {
        return ((Table) table.payload()).map.size();
    }

    private static int roundUp(int n) {
        if (n <= 1) {
            return 1;
        }
        return n > (1 << 30) ? 1 << 30 : Integer.highestOneBit(n - 1) << 1;
    }

    private static int table(LuaStack t, int base, int nargs) {
        long n = t.optInteger(base, nargs, 1, DEFAULT_BUCKETS);
        if (n <= 0 || n > (1 << 30)) {
            throw t.argError(1, "invalid size");
        }
        t.set(base, BINDING.newObject(t, new Table((int) n)));
        return 1;
    }

    private static LuaString key(LuaStack t, int base, int nargs) {
        Object k = t.arg(base, nargs, 2);
        LuaString s;
        if (k instanceof LuaString ls) {
            s = ls;
        } else if (t.isInt(base + 1) && nargs >= 2) {
            s = LuaString.valueOf(Long.toString(t.intAt(base + 1)));
        } else {
            throw t.typeError(base, nargs, 2, "string");
        }
        if (s.length() >= 256) {
            throw LuaError.memory();
        }
        return s;
    }

    private static int index(LuaStack t, int base, int nargs) {
        Table tab = (Table) BINDING.checkPayload(t, base, nargs, 1);
        KernelObject o = tab.map.get(key(t, base, nargs));
        LuaUserdata u = o == null ? null : LunatikClass.tryPush(t.state(), o);
        t.set(base, u);
        return 1;
    }

    private static int newindex(LuaStack t, int base, int nargs) {
        KernelObject self = BINDING.check(t, base, nargs, 1);
        LuaString k = key(t, base, nargs);
        KernelObject v = t.isNoneOrNil(base, nargs, 3) ? null : LunatikClass.checkAnyObject(t, base, nargs, 3);
        if (v != null) {
            v.get(); // the table's own reference
        }
        KernelObject old;
        KernelLock l = self.lock();
        l.lock();
        try {
            Table tab = (Table) self.rawPayload();
            if (tab == null) {
                if (v != null) {
                    v.put();
                }
                throw t.argError(1, LunatikClass.NULL_POINTER);
            }
            old = v == null ? tab.map.remove(k) : tab.map.put(k, v);
        } finally {
            l.unlock();
        }
        if (old != null) {
            old.put();
        }
        return 0;
    }

    private static int map(LuaStack t, int base, int nargs) {
        Table tab = (Table) BINDING.checkPayload(t, base, nargs, 1);
        Object cb = t.checkAny(base, nargs, 2);
        LuaState L = t.state();
        for (Map.Entry<LuaString, KernelObject> e : tab.map.entrySet()) {
            LuaUserdata u = LunatikClass.tryPush(L, e.getValue());
            if (u != null) {
                t.call(cb, e.getKey(), u);
            }
        }
        return 0;
    }
}
