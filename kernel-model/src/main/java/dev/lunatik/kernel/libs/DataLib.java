package dev.lunatik.kernel.libs;

import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.kernel.KernelClass;
import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import dev.lunatik.vm.value.LuaUserdata;

/**
 * Lunatik's {@code data} library, which is also NetBSD's Luadata ({@code require "luadata"} is
 * the same module): raw memory buffers ({@code data.new(size)}) with
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
 *
 * <p><b>Luadata</b> (Lunatik's {@code luadata.c} descends from it, and NPF and ULP scripts use it):
 * <ul>
 * <li>{@code data.new} also takes a table of bytes or a string, and gives nil for no argument,
 *     0, an empty table or an empty string (Lunatik 3.7 made an empty buffer of 0);</li>
 * <li>{@code data.layout(t)} turns {@code t} into a layout, in place: each
 *     {@code field = {offset, length [, type [, endian]]}} (or the keyed
 *     {@code {offset =, length =, type =, endian =}}) becomes an entry; offsets and lengths in
 *     bits, MSB 0, for numbers ({@code 'number'}, the default, up to 64 bits), in bytes for
 *     strings ({@code 's'}); endian {@code 'big'}/{@code 'net'} (the default),
 *     {@code 'little'}/{@code 'le'} or {@code 'host'} (little here), read by their first letter
 *     as Luadata does (anything else is the default); a field of length 0 is dropped, a
 *     negative or non-integer offset or length is an error;</li>
 * <li>{@code d:layout(l | t)} applies a layout to this handle (returns {@code d}); then
 *     {@code d.field} reads a field (nil when it passes the end or is wider than 64 bits; a
 *     64-bit field reads as a signed integer) and {@code d.field = v} writes one (a string field
 *     gets the string's bytes, at most its length). Methods come first: a field named as a
 *     method is never read or written. Without a layout, reads give nil and writes do
 *     nothing;</li>
 * <li>{@code d:segment([off [, len]])} is a data object over part of the same bytes (nil for
 *     an offset past the end; a length past the end is cut there); a segment of a re-pointed or
 *     revoked view is empty ({@link DataBuffer#segment});</li>
 * <li>the host side ({@code ldata_newref}/{@code ldata_unref}) is {@link #newRef}.</li>
 * </ul>
 * A handle with a layout has a metatable of its own whose {@code __index} is a function; one
 * without keeps the class metatable, whose {@code __index} is the method table, so Lunatik
 * scripts' method calls pay nothing for layouts.
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
                })
                .method("layout", DataLib::applyLayout)
                .method("segment", DataLib::segment)
                .method("__newindex", DataLib::setField);
    }

    /** The {@code data} module. */
    public static final LuaLibrary LIBRARY = BINDING.module("data", (state, lib) -> {
        JavaFunction.register(lib, "new", DataLib::newData);
        JavaFunction.register(lib, "layout", DataLib::newLayout);
    });

    /** {@code require "luadata"}: NetBSD's name for the same module, the same table as {@code data}'s. */
    public static final LuaLibrary LUADATA = new LuaLibrary() {
        @Override
        public String name() {
            return "luadata";
        }

        @Override
        public Object open(LuaState state) {
            LuaString key = LuaString.valueOf("data");
            Object m = state.loaded().rawget(key);
            if (m == null) {
                m = LIBRARY.open(state);
                state.loaded().rawset(key, m);
            }
            return m;
        }
    };

    /** A data object and the view behind it, for a hook that re-points it per call. */
    public record View(LuaUserdata handle, DataBuffer buffer) {}

    /**
     * Creates, in {@code L}'s kernel, a data object over an empty view (re-point it with
     * {@link DataBuffer#reset}); the handle owns the object's reference. Keep the handle reachable
     * from Lua (e.g. in the registry) while it is used.
     */
    public static View newView(LuaState L, boolean readOnly) {
        DataBuffer b = new DataBuffer(new byte[0], 0, 0, readOnly);
        return new View(newHandle(L, b), b);
    }

    /** A new data object of {@code L}'s kernel over {@code b}; its handle owns the object's reference. */
    private static LuaUserdata newHandle(LuaState L, DataBuffer b) {
        return BINDING.wrap(L, Lunatik.kernel(L).newObject(CLASS, b));
    }

    private static int newData(LuaStack t, int base, int nargs) {
        Object a = nargs >= 1 ? t.refAt(base) : null;
        long size;
        if (a instanceof LuaString s) {
            size = s.length();
        } else if (a instanceof LuaTable tb) {
            size = tb.length();
        } else if (a == null && !(nargs >= 1 && t.isInt(base))) {
            size = 0; // no argument, or nil
        } else {
            size = t.checkInteger(base, nargs, 1);
        }
        if (size < 0 || size > Integer.MAX_VALUE - 16) {
            throw t.argError(1, "invalid size");
        }
        if (size == 0) {
            t.set(base, null);
            return 1;
        }
        t.allocate(size); // under the state's memory limit, before the JVM is asked for the bytes
        DataBuffer d = DataBuffer.allocate((int) size);
        if (a instanceof LuaString s) {
            d.write(0, s.bytes()); // a buffer of its own: strings are immutable
        } else if (a instanceof LuaTable tb) {
            for (int i = 0; i < size; i++) {
                d.set(i, 1, byteOf(tb.rawget(i + 1L)));
            }
        }
        t.set(base, BINDING.newObject(t, d));
        return 1;
    }

    /** A table element as a byte ({@code lua_tointeger}: an integer, a string holding one, else 0). */
    private static long byteOf(Object v) {
        if (v instanceof Long n) {
            return n;
        }
        Long n = v instanceof LuaString s ? Lua.str2int(s) : null;
        return n == null ? 0 : n;
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

    // ---- Luadata: layouts, fields, segments, host references ------------------------------------

    /**
     * A layout entry: {@code offset} and {@code length} in bits for a number, in bytes for a
     * string ({@code string}); {@code little} for a little-endian number.
     */
    public record Field(long offset, long length, boolean string, boolean little) {
        /** Whether the field lies wholly inside {@code d} (a number field also at most 64 bits wide). */
        boolean fits(DataBuffer d) {
            return string ? length <= Integer.MAX_VALUE && d.inBounds(offset, (int) length) : d.bitsInBounds(offset, length);
        }
    }

    /** The key that marks a table as a layout (Luadata's). */
    private static final LuaString STAMP = LuaString.valueOf("__layout_stamp");
    private static final LuaString ENTRY_METATABLE = LuaString.valueOf("data.layout.entry");
    private static final LuaString LAID_OUT_METATABLE = LuaString.valueOf("lunatik.class.data.layout");

    private static int newLayout(LuaStack t, int base, int nargs) {
        LuaTable l = t.checkTable(base, nargs, 1);
        loadLayout(t, l, 1);
        t.set(base, l);
        return 1;
    }

    /**
     * Turns table {@code l} (argument {@code arg}) into a layout in place, as Luadata does: each
     * field's description becomes an entry, one of length 0 is removed, and the table is stamped.
     * Nothing is changed when a description is bad.
     */
    static void loadLayout(LuaStack t, LuaTable l, int arg) {
        LuaTable entryMt = entryMetatable(t.state());
        java.util.List<Object[]> changes = new java.util.ArrayList<>();
        for (Object[] kv = l.next(null); kv != null; kv = l.next(kv[0])) {
            Object k = kv[0];
            Object v = kv[1];
            if (STAMP.equals(k) || v instanceof LuaUserdata u && u.payload() instanceof Field) {
                continue;
            }
            if (!(v instanceof LuaTable e)) {
                throw t.argError(arg, "field '" + k + "' of the layout is not a table");
            }
            Field f = field(t, arg, k, e);
            changes.add(new Object[] {k, f == null ? null : new LuaUserdata(f, entryMt, 0)});
        }
        for (Object[] c : changes) {
            l.rawset(c[0], c[1]);
        }
        l.rawset(STAMP, Boolean.TRUE);
    }

    private static final LuaString OFFSET = LuaString.valueOf("offset");
    private static final LuaString LENGTH = LuaString.valueOf("length");
    private static final LuaString TYPE = LuaString.valueOf("type");
    private static final LuaString ENDIAN = LuaString.valueOf("endian");

    private static Field field(LuaStack t, int arg, Object name, LuaTable e) {
        Object offset = e.rawget(OFFSET);
        Object length = e.rawget(LENGTH);
        Object type = e.rawget(TYPE);
        Object endian = e.rawget(ENDIAN);
        long off = integer(t, arg, name, "offset", offset != null ? offset : e.rawget(1L));
        long len = integer(t, arg, name, "length", length != null ? length : e.rawget(2L));
        boolean string = isString(type != null ? type : e.rawget(3L));
        boolean little = isLittle(endian != null ? endian : e.rawget(4L));
        if (off < 0 || len < 0) {
            throw t.argError(arg, "field '" + name + "' of the layout has a negative " + (off < 0 ? "offset" : "length"));
        }
        return len == 0 ? null : new Field(off, len, string, little);
    }

    private static long integer(LuaStack t, int arg, Object name, String what, Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Long n) {
            return n;
        }
        throw t.argError(arg, "field '" + name + "' of the layout: " + what + " must be an integer");
    }

    /** A field's type: a string starting with 's' is a string, anything else a number (Luadata's reading). */
    private static boolean isString(Object v) {
        return v instanceof LuaString s && s.length() > 0 && s.byteAt(0) == 's';
    }

    /**
     * A field's byte order: 'little', 'le' or 'host' (little here, as on x86-64) by their first
     * letter; anything else, 'big' and 'net' included, is network order (Luadata's reading, which
     * its README's example with {@code endian = 'string'} relies on).
     */
    private static boolean isLittle(Object v) {
        return v instanceof LuaString s && s.length() > 0 && (s.byteAt(0) == 'l' || s.byteAt(0) == 'h');
    }

    private static LuaTable entryMetatable(LuaState L) {
        if (L.registry().rawget(ENTRY_METATABLE) instanceof LuaTable mt) {
            return mt;
        }
        LuaTable mt = new LuaTable();
        mt.rawset("__name", ENTRY_METATABLE);
        mt.rawset("__metatable", false);
        L.registry().rawset(ENTRY_METATABLE, mt);
        return mt;
    }

    /** The metatable of handles with a layout: the class's, but {@code __index} reads fields too. */
    private static LuaTable laidOutMetatable(LuaState L) {
        if (L.registry().rawget(LAID_OUT_METATABLE) instanceof LuaTable mt) {
            return mt;
        }
        LuaTable plain = BINDING.metatable(L);
        LuaTable mt = new LuaTable();
        for (Object[] kv = plain.next(null); kv != null; kv = plain.next(kv[0])) {
            mt.rawset(kv[0], kv[1]);
        }
        mt.rawset("__index", BINDING.unlistedMethod("__index", DataLib::getField, false));
        L.registry().rawset(LAID_OUT_METATABLE, mt);
        return mt;
    }

    private static int applyLayout(LuaStack t, int base, int nargs, Object p) {
        LuaTable l = t.checkTable(base, nargs, 2);
        if (l.rawget(STAMP) == null) {
            loadLayout(t, l, 2);
        }
        LuaUserdata u = (LuaUserdata) t.refAt(base);
        u.setUserValue(l);
        u.setMetatable(laidOutMetatable(t.state()));
        t.set(base, u);
        return 1;
    }

    /**
     * Forgets the layout applied to data handle {@code u} of {@code L}, so that it reads as a new
     * object does: for a hook that hands the same handle to each call, as if each got a new one.
     */
    public static void dropLayout(LuaState L, LuaUserdata u) {
        if (u.userValue() != null) {
            u.setUserValue(null);
            u.setMetatable(BINDING.metatable(L));
        }
    }

    /** The layout entry under key {@code k} of the layout applied to handle {@code u}, or null. */
    private static Field entry(LuaUserdata u, Object k) {
        return u.userValue() instanceof LuaTable l && k != null && l.rawget(k) instanceof LuaUserdata e
                && e.payload() instanceof Field f ? f : null;
    }

    private static int getField(LuaStack t, int base, int nargs, Object p) {
        Object k = t.arg(base, nargs, 2);
        Object m = k == null ? null : BINDING.metatable(t.state()).rawget(k);
        if (m != null) { // methods first
            t.set(base, m);
            return 1;
        }
        Field f = entry((LuaUserdata) t.refAt(base), k);
        DataBuffer d = (DataBuffer) p;
        if (f == null || !f.fits(d)) {
            t.set(base, null);
        } else if (f.string()) {
            t.allocateString(f.length());
            t.set(base, LuaString.wrap(d.copy((int) f.offset(), (int) f.length())));
        } else {
            t.setInt(base, d.getBits(f.offset(), (int) f.length(), f.little()));
        }
        return 1;
    }

    private static int setField(LuaStack t, int base, int nargs, Object p) {
        Object k = t.arg(base, nargs, 2);
        if (k == null || BINDING.metatable(t.state()).rawget(k) != null) {
            return 0; // a method is never overwritten
        }
        Field f = entry((LuaUserdata) t.refAt(base), k);
        if (f == null) {
            return 0; // no layout, or no such field: nothing happens
        }
        DataBuffer d = (DataBuffer) p;
        if (d.isReadOnly()) {
            throw t.argError(1, "read only");
        }
        if (f.string()) {
            Object v = t.arg(base, nargs, 3);
            byte[] b = v instanceof LuaString s ? s.bytes() : v instanceof Long n ? Long.toString(n).getBytes() : null;
            if (b == null) {
                throw t.typeError(base, nargs, 3, "string");
            }
            if (f.fits(d)) {
                int n = (int) Math.min(b.length, f.length());
                d.write((int) f.offset(), n == b.length ? b : java.util.Arrays.copyOf(b, n));
            }
        } else {
            long v = t.checkInteger(base, nargs, 3);
            if (f.fits(d)) {
                d.setBits(f.offset(), (int) f.length(), f.little(), v);
            }
        }
        return 0;
    }

    private static int segment(LuaStack t, int base, int nargs, Object p) {
        DataBuffer d = (DataBuffer) p;
        long off = t.optInteger(base, nargs, 2, 0);
        long len = t.isNoneOrNil(base, nargs, 3) ? d.length() - off : t.checkInteger(base, nargs, 3);
        DataBuffer s = d.segment(off, len);
        t.set(base, s == null ? null : BINDING.newObject(t, s));
        return 1;
    }

    /**
     * A data object handed to Lua over memory of the host's ({@code ldata_newref}): the handle,
     * kept alive by {@code L}'s registry until {@link #unref}, and the view behind it.
     */
    public static final class Ref {
        private final LuaState state;
        private final LuaUserdata handle;
        private final DataBuffer buffer;
        private final java.nio.ByteBuffer copyBack;
        private boolean live = true;

        private Ref(LuaState state, DataBuffer buffer, java.nio.ByteBuffer copyBack) {
            this.state = state;
            this.handle = newHandle(state, buffer);
            this.buffer = buffer;
            this.copyBack = copyBack;
            pins(state).rawset(handle, Boolean.TRUE);
        }

        /** The data object, to pass to Lua. */
        public LuaUserdata handle() {
            return handle;
        }

        /**
         * {@code ldata_unref}: revokes the view (the object, and every segment cut from it, is
         * empty from now on: its fields read nil, its methods see no bytes) and lets the object be
         * collected. Must run on the thread that runs {@code L}. A second call does nothing.
         */
        public void unref() {
            if (!live) {
                return;
            }
            live = false;
            if (copyBack != null) {
                copyBack.put(copyBack.position(), buffer.copy(0, buffer.length()));
            }
            buffer.clear();
            pins(state).rawset(handle, null);
        }
    }

    private static final LuaString PINS = LuaString.valueOf("lunatik.data.refs");

    private static LuaTable pins(LuaState L) {
        return LunatikClass.registryTable(L, PINS);
    }

    /**
     * {@code ldata_newref}: a data object of {@code L} over {@code len} bytes of {@code bytes} from
     * {@code off}, without copying: what Lua writes, the host sees. Revoke it with
     * {@link Ref#unref} before reusing the memory.
     */
    public static Ref newRef(LuaState L, byte[] bytes, int off, int len, boolean readOnly) {
        return new Ref(L, new DataBuffer(bytes, off, len, readOnly), null);
    }

    /**
     * As {@link #newRef(LuaState, byte[], int, int, boolean)}, over the bytes of {@code buf} from
     * its position to its limit. A buffer with an accessible array is shared; a direct or
     * read-only one is copied in, and (unless read-only) copied back at {@link Ref#unref}. The
     * buffer's position and limit are not changed.
     */
    public static Ref newRef(LuaState L, java.nio.ByteBuffer buf) {
        int len = buf.remaining();
        if (buf.hasArray() && !buf.isReadOnly()) {
            return new Ref(L, new DataBuffer(buf.array(), buf.arrayOffset() + buf.position(), len, false), null);
        }
        byte[] copy = new byte[len];
        buf.get(buf.position(), copy);
        return new Ref(L, new DataBuffer(copy, 0, len, buf.isReadOnly()), buf.isReadOnly() ? null : buf);
    }
}
