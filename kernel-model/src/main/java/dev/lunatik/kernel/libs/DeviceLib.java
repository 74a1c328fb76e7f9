package dev.lunatik.kernel.libs;

import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.kernel.CharDevices;
import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.KernelClass;
import dev.lunatik.kernel.KernelObject;
import dev.lunatik.kernel.KernelRuntime;
import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import dev.lunatik.vm.value.LuaUserdata;

/**
 * Lunatik's {@code device} library: character device drivers written in Lua.
 * {@code device.new(driver)} registers {@code /dev/<driver.name>} in the kernel
 * ({@link Kernel#devices()}); {@code driver.mode} is the file mode (default 0600). The driver
 * table's callbacks run in the creating runtime, under its lock ({@code lunatik_run}), with the
 * driver table as first argument: {@code open(driver)}, {@code release(driver)},
 * {@code read(driver, len, off)} → string (cut to {@code len}; nil or a non-string is end of
 * file) and optionally the new offset (default {@code off + #string}),
 * {@code write(driver, buf, off)} → optionally the count written (at most {@code #buf}; default
 * {@code #buf}) and the new offset (default {@code off + count}).
 *
 * <p>As in Lunatik 3.7: a callback the driver does not define makes the operation fail with
 * {@code -ENXIO} and logs "&lt;op&gt;: operation isn't defined for /dev/&lt;name&gt;" (so
 * examples define {@code open} and {@code release}); a Lua error in a callback fails it with
 * {@code -ECANCELED} and logs the message; once the runtime is stopped every operation answers
 * {@code -ENXIO}. The device keeps its driver table and itself alive (registry pinning) and holds
 * a reference to its runtime until {@code dev:stop()} (or {@code device.stop(dev)}) or the
 * runtime's end removes it. The class is sleepable: refused in non-sleepable runtimes.
 */
public final class DeviceLib {
    private DeviceLib() {}

    static final int ENXIO = 6;
    static final int ECANCELED = 125;
    static final LuaString PINS = LuaString.valueOf("lunatik.devices");

    /** The payload: the driver the kernel calls. */
    static final class LuaDriver implements CharDevices.Driver {
        final Kernel kernel;
        final String name;
        final KernelRuntime runtime; // null for a state that is no runtime
        final LuaState plain;
        LuaUserdata handle;

        LuaDriver(Kernel kernel, String name, KernelRuntime runtime, LuaState plain) {
            this.kernel = kernel;
            this.name = name;
            this.runtime = runtime;
            this.plain = plain;
        }

        private int run(KernelRuntime.Handler h) {
            if (runtime != null) {
                return runtime.run(h);
            }
            synchronized (plain) {
                return plain.isClosed() ? -ENXIO : h.handle(plain);
            }
        }

        /** The driver table's callback {@code op}, or null (logged) when it does not define one. */
        private Object[] call(LuaState L, String op, Object... args) {
            Object pins = L.registry().rawget(PINS);
            Object table = pins instanceof LuaTable p ? p.rawget(handle) : null;
            Object fn = table instanceof LuaTable t ? t.rawget(op) : null;
            if (!(fn instanceof LuaFunction)) {
                kernel.log().write(op + ": operation isn't defined for /dev/" + name);
                return null;
            }
            Object[] all = new Object[args.length + 1];
            all[0] = table;
            System.arraycopy(args, 0, all, 1, args.length);
            return L.call(fn, all);
        }

        private int failed(LuaError e) {
            kernel.log().write(e.getMessage());
            return -ECANCELED;
        }

        /** open/release: the callback's results are ignored. */
        private int notify(String op) {
            return run(L -> {
                try {
                    return call(L, op) == null ? -ENXIO : 0;
                } catch (LuaError e) {
                    return failed(e);
                }
            });
        }

        @Override
        public int open() {
            return notify("open");
        }

        @Override
        public int release() {
            return notify("release");
        }

        @Override
        public CharDevices.Transfer read(int len, long offset) {
            CharDevices.Transfer[] out = new CharDevices.Transfer[1];
            int r = run(L -> {
                try {
                    Object[] res = call(L, "read", (long) len, offset);
                    if (res == null) {
                        return -ENXIO;
                    }
                    byte[] data = res.length > 0 && res[0] instanceof LuaString s ? s.bytes() : new byte[0];
                    if (data.length > len) {
                        data = java.util.Arrays.copyOf(data, len);
                    } else {
                        data = data.clone();
                    }
                    long off = res.length > 1 && res[1] instanceof Long l ? l : offset + data.length;
                    out[0] = new CharDevices.Transfer(data, data.length, off, 0);
                    return 0;
                } catch (LuaError e) {
                    return failed(e);
                }
            });
            return r < 0 ? CharDevices.Transfer.error(r) : out[0];
        }

        @Override
        public CharDevices.Transfer write(byte[] data, long offset) {
            CharDevices.Transfer[] out = new CharDevices.Transfer[1];
            int r = run(L -> {
                try {
                    Object[] res = call(L, "write", LuaString.wrap(data.clone()), offset);
                    if (res == null) {
                        return -ENXIO;
                    }
                    long n = res.length > 0 && res[0] instanceof Long l ? Math.max(0, Math.min(l, data.length)) : data.length;
                    long off = res.length > 1 && res[1] instanceof Long l ? l : offset + n;
                    out[0] = new CharDevices.Transfer(null, (int) n, off, 0);
                    return 0;
                } catch (LuaError e) {
                    return failed(e);
                }
            });
            return r < 0 ? CharDevices.Transfer.error(r) : out[0];
        }

        void release(Object unused) {
            kernel.devices().unregister(name, this);
            if (runtime != null) {
                runtime.put();
            }
        }
    }

    /** The device class: sleepable (mutex), not monitored. */
    public static final KernelClass CLASS = new KernelClass("device", true, false, p -> ((LuaDriver) p).release(p));

    /** The Lua binding of {@link #CLASS}. */
    public static final LunatikClass BINDING = new LunatikClass(CLASS).field("stop", DeviceLib::stop);

    /** The {@code device} module. */
    public static final LuaLibrary LIBRARY = BINDING.module("device", (state, lib) -> {
        JavaFunction.register(lib, "new", DeviceLib::newDevice);
        JavaFunction.register(lib, "stop", DeviceLib::stop);
    });

    private static int newDevice(LuaStack t, int base, int nargs) {
        LuaTable driver = t.checkTable(base, nargs, 1);
        Object name = driver.rawget("name");
        if (!(name instanceof LuaString ns)) {
            throw new LuaError("bad field 'name' (string expected, got " + dev.lunatik.vm.value.Lua.typeName(name) + ")");
        }
        Object mode = driver.rawget("mode");
        if (mode != null && !(mode instanceof Long)) {
            throw new LuaError("bad field 'mode' (number expected, got " + dev.lunatik.vm.value.Lua.typeName(mode) + ")");
        }
        LuaState L = t.state();
        BINDING.checkContext(L);
        Kernel k = Lunatik.kernel(L);
        KernelRuntime rt = KernelRuntime.of(L);
        LuaDriver d = new LuaDriver(k, ns.toString(), rt, rt == null ? L : null);
        if (!k.devices().register(d.name, mode == null ? 0600 : (int) (long) (Long) mode, d)) {
            // Lunatik's words, then which device and why
            throw new LuaError("failed to create a new device (-17): /dev/" + d.name + " exists (EEXIST)");
        }
        if (rt != null) {
            rt.get();
        }
        KernelObject o = k.newObject(CLASS, d);
        LuaUserdata u = BINDING.wrap(L, o);
        d.handle = u;
        LunatikClass.registryTable(L, PINS).rawset(u, driver);
        t.set(base, u);
        return 1;
    }


    /** {@code dev:stop()} / {@code device.stop(dev)}: removes the device now. */
    private static int stop(LuaStack t, int base, int nargs) {
        KernelObject o = BINDING.checkHandle(t, base, nargs, 1);
        LuaState L = t.state();
        if (o.rawPayload() instanceof LuaDriver d && d.handle != null && t.state() == (d.runtime != null ? d.runtime.state() : d.plain)) {
            LunatikClass.registryTable(L, PINS).rawset(d.handle, null); // unpinned only from the owning state, as Lunatik does
        }
        o.close();
        return 0;
    }
}
