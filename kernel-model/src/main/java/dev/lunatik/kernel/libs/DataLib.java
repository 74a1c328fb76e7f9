package dev.lunatik.kernel.libs;

import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.kernel.KernelClass;
import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaUserdata;

/**
 * Lunatik's {@code data} library: raw memory buffers ({@code data.new(size)}) with
 * {@code get/set} of {@code int8 uint8 int16 uint16 int32 uint32 int64} (host byte order,
 * little-endian; {@code set} truncates to the width), {@code getbyte/setbyte} (uint8),
 * {@code getnumber/setnumber} (int64), {@code getstring(off [, len])}, {@code setstring(off, s)},
 * {@code #d} and {@code tostring(d)} (the whole buffer as a string). Offsets are 0-based; an access
 * outside the buffer is "bad argument #2 to 'm' (out of bounds)", a write to a read-only buffer
 * "bad argument #1 to 'm' (read only)". The class is monitored (each method under the object's
 * spinlock) and not sleepable, so data objects can be shared with non-sleepable runtimes.
 *
 * <p>Differences from the kernel: new buffers are zeroed (the JVM zeroes memory; Lunatik's are
 * not). The payload is a {@link DataBuffer}, a view of a Java {@code byte[]}: hooks create one
 * data object with {@link #newView} and re-point it at each packet, without copying.
 */
public final class DataLib {
    private DataLib() {}

    /** The data class: spinlock, monitored. */
    public static final KernelClass CLASS = new KernelClass("data", false, true, null);

    /** The Lua binding of {@link #CLASS}. */
    public static final LunatikClass BINDING = new LunatikClass(CLASS);

    static {
        getter("getint8", 1, true);
        getter("getuint8", 1, false);
        getter("getbyte", 1, false);
        getter("getint16", 2, true);
        getter("getuint16", 2, false);
        getter("getint32", 4, true);
        getter("getuint32", 4, false);
        getter("getint64", 8, true);
        getter("getnumber", 8, true);
        setter("setint8", 1);
        setter("setuint8", 1);
        setter("setbyte", 1);
        setter("setint16", 2);
        setter("setuint16", 2);
        setter("setint32", 4);
        setter("setuint32", 4);
        setter("setint64", 8);
        setter("setnumber", 8);
        BINDING.leafMethod("getstring", DataLib::getstring)
                .leafMethod("setstring", DataLib::setstring)
                .leafMethod("__len", (t, base, nargs, p) -> {
                    t.setInt(base, ((DataBuffer) p).length());
                    return 1;
                })
                .leafMethod("__tostring", (t, base, nargs, p) -> {
                    DataBuffer d = (DataBuffer) p;
                    t.allocateString(d.length()); // under the state's memory limit, as getstring
                    t.set(base, LuaString.wrap(d.copy(0, d.length())));
                    return 1;
                });
    }

    /** The {@code data} module. */
    public static final LuaLibrary LIBRARY = BINDING.module("data", (state, lib) -> {
        JavaFunction.register(lib, "new", DataLib::newData);
    });

    /** A data object and the view behind it, for a hook that re-points it per call. */
    public record View(LuaUserdata handle, DataBuffer buffer) {}

    /**
     * Creates, in {@code L}'s kernel, a data object over an empty view (re-point it with
     * {@link DataBuffer#reset}); the handle owns the object's reference. Keep the handle reachable
     * from Lua (e.g. in the registry) while it is used.
     */
    public static View newView(LuaState L, boolean readOnly) {
        DataBuffer b = new DataBuffer(new byte[0], 0, 0, readOnly);
        LuaUserdata u = BINDING.wrap(L, Lunatik.kernel(L).newObject(CLASS, b));
        return new View(u, b);
    }

    private static int newData(LuaStack t, int base, int nargs) {
        long size = t.checkInteger(base, nargs, 1);
        if (size < 0 || size > Integer.MAX_VALUE - 16) {
            throw t.argError(1, "invalid size");
        }
        t.set(base, BINDING.newObject(t, DataBuffer.allocate((int) size)));
        return 1;
    }

    private static int offset(LuaStack t, int base, int nargs, DataBuffer d, int width) {
        long off = t.checkInteger(base, nargs, 2);
        if (!d.inBounds(off, width) || width <= 0) {
            throw t.argError(2, "out of bounds");
        }
        return (int) off;
    }

    private static void getter(String name, int width, boolean signed) {
        BINDING.leafMethod(name, (t, base, nargs, p) -> {
            DataBuffer d = (DataBuffer) p;
            int off = offset(t, base, nargs, d, width);
            t.setInt(base, signed ? d.getSigned(off, width) : d.getUnsigned(off, width));
            return 1;
        });
    }

    private static void setter(String name, int width) {
        BINDING.leafMethod(name, (t, base, nargs, p) -> {
            DataBuffer d = (DataBuffer) p;
            if (d.isReadOnly()) {
                throw t.argError(1, "read only");
            }
            int off = offset(t, base, nargs, d, width);
            d.set(off, width, t.checkInteger(base, nargs, 3));
            return 0;
        });
    }

    private static int getstring(LuaStack t, int base, int nargs, Object p) {
        DataBuffer d = (DataBuffer) p;
        long off = t.checkInteger(base, nargs, 2);
        long len = t.optInteger(base, nargs, 3, d.length() - off);
        if (len <= 0 || len > Integer.MAX_VALUE || !d.inBounds(off, (int) len)) {
            throw t.argError(2, "out of bounds");
        }
        t.allocateString(len); // a string of the state's, under its memory limit
        t.set(base, LuaString.wrap(d.copy((int) off, (int) len)));
        return 1;
    }

    private static int setstring(LuaStack t, int base, int nargs, Object p) {
        DataBuffer d = (DataBuffer) p;
        if (d.isReadOnly()) {
            throw t.argError(1, "read only");
        }
        long off = t.checkInteger(base, nargs, 2);
        LuaString s = t.checkString(base, nargs, 3);
        if (s.length() == 0 || !d.inBounds(off, s.length())) {
            throw t.argError(2, "out of bounds");
        }
        d.write((int) off, s.bytes());
        return 0;
    }
}
