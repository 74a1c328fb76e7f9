package dev.lunatik.stdlib;

import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import dev.lunatik.vm.value.MetaEvent;

/**
 * The {@code table} library: {@code concat insert move pack remove sort unpack}, with Lua 5.4.7
 * semantics and messages. Every function honours {@code __index}, {@code __newindex} and
 * {@code __len} where the manual says so, and accepts a non-table that has the needed
 * metamethods (Lua's {@code checktab}: "table expected, got X" otherwise). A plain table without
 * a metatable takes fast paths that read and write its slots unboxed.
 */
public final class TableLib {
    private TableLib() {}

    /** The library, for {@link LuaState#openLibrary} or {@link LuaState#provideModule}. */
    public static final LuaLibrary LIBRARY = new LuaLibrary() {
        @Override
        public String name() {
            return "table";
        }

        @Override
        public Object open(LuaState state) {
            LuaTable lib = new LuaTable(0, 8);
            JavaFunction.register(lib, "concat", TableLib::concat);
            JavaFunction.register(lib, "insert", TableLib::insert);
            JavaFunction.register(lib, "move", TableLib::move);
            JavaFunction.register(lib, "pack", TableLib::pack);
            JavaFunction.register(lib, "remove", TableLib::remove);
            JavaFunction.register(lib, "sort", TableLib::sort);
            JavaFunction.register(lib, "unpack", TableLib::unpack);
            return lib;
        }
    };

    // what an argument must support (checktab)
    private static final int READ = 1;
    private static final int WRITE = 2;
    private static final int LEN = 4;

    /** Largest array {@code sort} accepts (C's INT_MAX bound). */
    private static final long SORT_MAX = Integer.MAX_VALUE;

    /** Below this many elements the pivot is the middle one (Lua's RANLIMIT). */
    private static final int RANLIMIT = 100;

    /**
     * Pivot "randomisation" after an unbalanced partition: kernel Lua defines
     * {@code l_randomizePivot} as {@code ~0} (lunatik-semantics 1.9), so sorting is deterministic.
     */
    private static final long RANDOM_PIVOT = 0xFFFFFFFFL;

    // ------------------------------------------------------------------ helpers

    /** A table without a metatable: raw access is exactly Lua's semantics. */
    private static boolean plain(Object o) {
        return o instanceof LuaTable tab && tab.getMetatable() == null;
    }

    /** Argument {@code n} must be a table, or have a metatable with the fields {@code what} needs. */
    private static Object checkTab(LuaStack t, int base, int nargs, int n, int what) {
        Object o = t.arg(base, nargs, n);
        if (o instanceof LuaTable) return o;
        LuaTable mt = t.getMetatable(o);
        if (mt != null
                && ((what & READ) == 0 || mt.rawget(MetaEvent.INDEX.key) != null)
                && ((what & WRITE) == 0 || mt.rawget(MetaEvent.NEWINDEX.key) != null)
                && ((what & LEN) == 0 || mt.rawget(MetaEvent.LEN.key) != null)) {
            return o;
        }
        throw t.typeError(base, nargs, n, "table");
    }

    /** Lua's {@code aux_getn}: checks the argument and returns its length ({@code luaL_len}). */
    private static long auxGetn(LuaStack t, int base, int nargs, int what) {
        Object o = checkTab(t, base, nargs, 1, what | LEN);
        if (plain(o)) return ((LuaTable) o).length();
        return lenInt(t, o);
    }

    /**
     * {@code luaL_len}: {@code #o} with {@code __len}, converted as {@code lua_tointegerx} does (an
     * integer numeral string counts); otherwise "object length is not an integer" at the caller.
     */
    private static long lenInt(LuaStack t, Object o) {
        Object r = t.len(o);
        if (r instanceof Long l) return l;
        if (r instanceof LuaString s) {
            Long v = Lua.str2int(s);
            if (v != null) return v;
        }
        throw t.error("object length is not an integer");
    }

    /** {@code o[k]} with metamethods (lua_geti). */
    private static Object geti(LuaStack t, Object o, long k) {
        if (plain(o)) return ((LuaTable) o).rawget(k);
        return t.index(o, k);
    }

    /** {@code o[k] = v} with metamethods (lua_seti). */
    private static void seti(LuaStack t, Object o, long k, Object v) {
        if (plain(o)) ((LuaTable) o).rawset(k, v);
        else t.setIndex(o, k, v);
    }

    /** Raw unboxed copy {@code tab[to] = tab[from]} (nil removes). */
    private static void rawCopy(LuaTable tab, long from, long to) {
        int h = tab.find(Lua.INT, from);
        if (h == -1) {
            tab.put(Lua.INT, to, null, 0);
        } else {
            Object r = tab.refAt(h);
            tab.put(Lua.INT, to, r, r == Lua.INT ? tab.numAt(h) : 0);
        }
    }

    // ------------------------------------------------------------------ insert / remove / move

    private static int insert(LuaStack t, int base, int nargs) {
        if (nargs == 2 && t.refAt(base) instanceof LuaTable tab && tab.getMetatable() == null) {
            // table.insert(t, v) on a plain table, the common form: a raw append at #t + 1
            int v = base + 1;
            Object r = t.refAt(v);
            tab.put(Lua.INT, tab.length() + 1, r, r == Lua.INT ? t.intAt(v) : 0);
            return 0;
        }
        long e = auxGetn(t, base, nargs, READ | WRITE) + 1; // first empty element (wraps as luaL_intop)
        Object o = t.get(base);
        long pos;
        switch (nargs) {
            case 2:
                pos = e;
                break;
            case 3: {
                pos = t.checkInteger(base, nargs, 2);
                // pos must be in [1, e]
                if (Long.compareUnsigned(pos - 1, e) >= 0) throw t.argError(2, "position out of bounds");
                if (plain(o)) {
                    LuaTable tab = (LuaTable) o;
                    for (long i = e; i > pos; i--) rawCopy(tab, i - 1, i);
                } else {
                    for (long i = e; i > pos; i--) seti(t, o, i, geti(t, o, i - 1));
                }
                break;
            }
            default:
                throw t.error("wrong number of arguments to 'insert'");
        }
        int v = base + nargs - 1;
        if (plain(o)) {
            Object r = t.refAt(v);
            ((LuaTable) o).put(Lua.INT, pos, r, r == Lua.INT ? t.intAt(v) : 0);
        } else {
            seti(t, o, pos, t.get(v));
        }
        return 0;
    }

    private static int remove(LuaStack t, int base, int nargs) {
        long size = auxGetn(t, base, nargs, READ | WRITE);
        Object o = t.get(base);
        long pos = t.optInteger(base, nargs, 2, size);
        // an explicit position must be in [1, size + 1]
        if (pos != size && Long.compareUnsigned(pos - 1, size) > 0) throw t.argError(2, "position out of bounds");
        if (plain(o)) {
            LuaTable tab = (LuaTable) o;
            int h = tab.find(Lua.INT, pos);
            if (h == -1) {
                t.set(base, null);
            } else {
                Object r = tab.refAt(h);
                if (r == Lua.INT) t.setInt(base, tab.numAt(h));
                else t.set(base, r);
            }
            for (; pos < size; pos++) rawCopy(tab, pos + 1, pos);
            tab.put(Lua.INT, pos, null, 0);
            return 1;
        }
        Object result = geti(t, o, pos);
        for (; pos < size; pos++) seti(t, o, pos, geti(t, o, pos + 1));
        seti(t, o, pos, null);
        t.set(base, result);
        return 1;
    }

    private static int move(LuaStack t, int base, int nargs) {
        long f = t.checkInteger(base, nargs, 2);
        long e = t.checkInteger(base, nargs, 3);
        long to = t.checkInteger(base, nargs, 4);
        int tt = t.isNoneOrNil(base, nargs, 5) ? 1 : 5; // destination argument
        Object src = checkTab(t, base, nargs, 1, READ);
        Object dst = checkTab(t, base, nargs, tt, WRITE);
        if (e >= f) {
            if (!(f > 0 || e < Long.MAX_VALUE + f)) throw t.argError(3, "too many elements to move");
            long n = e - f + 1; // number of elements to move
            if (to > Long.MAX_VALUE - n + 1) throw t.argError(4, "destination wrap around");
            boolean forward = to > e || to <= f || (tt != 1 && !t.equal(src, dst));
            if (plain(src) && src == dst) {
                LuaTable tab = (LuaTable) src;
                if (forward) {
                    for (long i = 0; i < n; i++) rawCopy(tab, f + i, to + i);
                } else {
                    for (long i = n - 1; i >= 0; i--) rawCopy(tab, f + i, to + i);
                }
            } else if (forward) {
                for (long i = 0; i < n; i++) seti(t, dst, to + i, geti(t, src, f + i));
            } else {
                for (long i = n - 1; i >= 0; i--) seti(t, dst, to + i, geti(t, src, f + i));
            }
        }
        t.set(base, dst);
        return 1;
    }

    // ------------------------------------------------------------------ concat

    private static int concat(LuaStack t, int base, int nargs) {
        long last = auxGetn(t, base, nargs, READ);
        Object o = t.get(base);
        LuaString sep = t.optString(base, nargs, 2, LuaString.EMPTY);
        long i = t.optInteger(base, nargs, 3, 1);
        last = t.optInteger(base, nargs, 4, last);
        if (i > last) {
            t.set(base, LuaString.EMPTY);
            return 1;
        }
        if (plain(o)) {
            t.set(base, concatPlain(t, (LuaTable) o, sep, i, last));
            return 1;
        }
        ByteBuf buf = new ByteBuf(16);
        for (; ; i++) {
            Object v = geti(t, o, i);
            if (v instanceof LuaString s) buf.append(s.bytes(), s.length());
            else if (v instanceof Long l) buf.appendLong(l);
            else throw concatError(t, v, i);
            if (i == last) break;
            buf.append(sep.bytes(), sep.length());
        }
        t.allocateString(buf.n);
        t.set(base, buf.toLuaString());
        return 1;
    }

    /**
     * concat of a table without metatable: a first pass checks the values and measures the
     * result, a second fills one exactly sized array (no boxing, no intermediate strings).
     */
    private static LuaString concatPlain(LuaStack t, LuaTable tab, LuaString sep, long first, long last) {
        long total = 0;
        for (long i = first; ; i++) {
            int h = tab.find(Lua.INT, i);
            Object r = h == -1 ? null : tab.refAt(h);
            if (r == Lua.INT) total += decimalLength(tab.numAt(h));
            else if (r instanceof LuaString s) total += s.length();
            else throw concatError(t, r, i);
            if (i == last) break;
            total += sep.length();
            if (total > Integer.MAX_VALUE - 16) throw LuaError.memory();
        }
        if (total > Integer.MAX_VALUE - 16) throw LuaError.memory();
        t.allocateString(total);
        byte[] out = new byte[(int) total];
        byte[] sb = sep.bytes();
        int sl = sb.length;
        int at = 0;
        for (long i = first; ; i++) {
            int h = tab.find(Lua.INT, i);
            Object r = tab.refAt(h);
            if (r == Lua.INT) {
                at = writeDecimal(out, at, tab.numAt(h));
            } else {
                byte[] b = ((LuaString) r).bytes();
                System.arraycopy(b, 0, out, at, b.length);
                at += b.length;
            }
            if (i == last) break;
            if (sl == 1) out[at++] = sb[0];
            else if (sl > 0) {
                System.arraycopy(sb, 0, out, at, sl);
                at += sl;
            }
        }
        return LuaString.wrap(out);
    }

    private static LuaError concatError(LuaStack t, Object v, long i) {
        return t.error("invalid value (" + Lua.typeName(v) + ") at index " + i + " in table for 'concat'");
    }

    /** Number of characters of {@code v} in decimal. */
    static int decimalLength(long v) {
        if (v == Long.MIN_VALUE) return 20;
        int n = 1;
        if (v < 0) {
            n++;
            v = -v;
        }
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }

    /** Writes {@code v} in decimal at {@code at}; returns the index after it. */
    static int writeDecimal(byte[] out, int at, long v) {
        int len = decimalLength(v);
        int end = at + len;
        int p = end;
        if (v < 0) {
            out[at] = '-';
            // work with negative numbers so that MIN_VALUE needs no special case
            do {
                out[--p] = (byte) ('0' - (int) (v % 10));
                v /= 10;
            } while (v != 0);
        } else {
            do {
                out[--p] = (byte) ('0' + (int) (v % 10));
                v /= 10;
            } while (v != 0);
        }
        return end;
    }

    /** A growable byte buffer for the metamethod path of concat. */
    private static final class ByteBuf {
        byte[] b;
        int n;

        ByteBuf(int cap) {
            b = new byte[cap];
        }

        void ensure(long extra) {
            long need = n + extra;
            if (need > Integer.MAX_VALUE - 16) throw LuaError.memory();
            if (need > b.length) b = java.util.Arrays.copyOf(b, (int) Math.max(need, Math.min(Integer.MAX_VALUE - 16L, b.length * 2L)));
        }

        void append(byte[] src, int len) {
            ensure(len);
            System.arraycopy(src, 0, b, n, len);
            n += len;
        }

        void appendLong(long v) {
            ensure(20);
            n = writeDecimal(b, n, v);
        }

        LuaString toLuaString() {
            return LuaString.copyOf(b, 0, n);
        }
    }

    // ------------------------------------------------------------------ pack / unpack

    private static int pack(LuaStack t, int base, int nargs) {
        LuaTable tab = new LuaTable(nargs, 1);
        for (int i = 0; i < nargs; i++) {
            Object r = t.refAt(base + i);
            if (r != null) tab.put(Lua.INT, i + 1, r, r == Lua.INT ? t.intAt(base + i) : 0);
        }
        tab.rawset(N_KEY, Long.valueOf(nargs));
        t.set(base, tab);
        return 1;
    }

    /**
     * Slots that {@code lua_checkstack} counts on top of a C function's arguments in the
     * reference: its EXTRA_STACK reserve plus the slots the standalone interpreter's own frames
     * hold below the main chunk. Calibrated so that the largest {@code table.unpack} matches a
     * Lua 5.4.7 built with the kernel's 200-slot stack (185 values from a fresh main chunk's
     * function, fewer when deeper), as lunatik-semantics 1.12 describes.
     */
    static final int CHECKSTACK_SLACK = 7;

    private static final LuaString N_KEY = LuaString.valueOf("n");

    private static int unpack(LuaStack t, int base, int nargs) {
        long i = t.optInteger(base, nargs, 2, 1);
        long e;
        if (t.isNoneOrNil(base, nargs, 3)) {
            Object o = t.arg(base, nargs, 1);
            e = plain(o) ? ((LuaTable) o).length() : lenInt(t, o);
        } else {
            e = t.checkInteger(base, nargs, 3);
        }
        if (i > e) return 0;
        long n = e - i; // elements minus one; unsigned, cannot overflow
        // room for the results above the arguments, as lua_checkstack counts it
        if (Long.compareUnsigned(n, t.stackLimit()) >= 0 || !t.checkStack(base + nargs + CHECKSTACK_SLACK, (int) ++n)) {
            throw t.error("too many results to unpack");
        }
        int count = (int) n;
        Object o = t.get(base);
        if (plain(o)) {
            LuaTable tab = (LuaTable) o;
            for (int k = 0; k < count; k++) {
                int h = tab.find(Lua.INT, i + k);
                int dst = base + k;
                if (h == -1) {
                    t.set(dst, null);
                } else {
                    Object r = tab.refAt(h);
                    if (r == Lua.INT) t.setInt(dst, tab.numAt(h));
                    else t.set(dst, r);
                }
            }
            return count;
        }
        // metamethods run above this frame's arguments: collect first, then write the results
        Object[] vals = new Object[count];
        for (int k = 0; k < count; k++) vals[k] = geti(t, o, i + k);
        for (int k = 0; k < count; k++) t.set(base + k, vals[k]);
        return count;
    }

    // ------------------------------------------------------------------ sort

    private static int sort(LuaStack t, int base, int nargs) {
        long n = auxGetn(t, base, nargs, READ | WRITE);
        if (n > 1) {
            if (n >= SORT_MAX) throw t.argError(1, "array too big");
            Object cmp = null;
            if (!t.isNoneOrNil(base, nargs, 2)) {
                cmp = t.get(base + 1);
                if (!(cmp instanceof LuaFunction)) throw t.typeError(base, nargs, 2, "function");
            }
            new Sorter(t, t.get(base), cmp, base + nargs).sort(1, (int) n, 0);
        }
        return 0;
    }

    /**
     * Lua's quicksort (Sedgewick's, as in ltablib.c): median of three, the pivot parked at
     * {@code up - 1}, and bounds checks in the partition scans that turn an inconsistent order
     * function into "invalid order function for sorting" instead of running off the range. Each
     * element is read and written through the table (metamethods honoured) at the same steps as
     * Lua's, so a failing comparison leaves the table as Lua would.
     */
    private static final class Sorter {
        final LuaStack t;
        final Object tab;
        final Object cmp;
        /** Free stack slot above the sort frame, where comparator calls are set up. */
        final int scratch;

        Sorter(LuaStack t, Object tab, Object cmp, int scratch) {
            this.t = t;
            this.tab = tab;
            this.cmp = cmp;
            this.scratch = scratch;
        }

        Object get(int i) {
            return geti(t, tab, i);
        }

        void set(int i, Object v) {
            seti(t, tab, i, v);
        }

        boolean less(Object a, Object b) {
            if (cmp == null) {
                if (a instanceof Long x && b instanceof Long y) return x < y;
                return t.lessThan(a, b);
            }
            int at = scratch;
            t.ensure(at + 3 + 20);
            t.set(at, cmp);
            t.set(at + 1, a);
            t.set(at + 2, b);
            t.callAt(at, 2, 1);
            return Lua.isTruthy(t.refAt(at));
        }

        void sort(int lo, int up, long rnd) {
            while (lo < up) {
                // order a[lo] and a[up]
                Object a = get(lo);
                Object b = get(up);
                if (less(b, a)) {
                    set(lo, b);
                    set(up, a);
                }
                if (up - lo == 1) return;
                int p = (up - lo < RANLIMIT || rnd == 0) ? (int) (((long) lo + up) >>> 1) : choosePivot(lo, up, rnd);
                // median of three: a[lo] <= a[p] <= a[up]
                Object pv = get(p);
                a = get(lo);
                if (less(pv, a)) {
                    set(p, a);
                    set(lo, pv);
                } else {
                    b = get(up);
                    if (less(b, pv)) {
                        set(p, b);
                        set(up, pv);
                    }
                }
                if (up - lo == 2) return;
                Object pivot = get(p);
                set(p, get(up - 1));
                set(up - 1, pivot);
                p = partition(lo, up, pivot);
                int small;
                if (p - lo < up - p) {
                    sort(lo, p - 1, rnd);
                    small = p - lo;
                    lo = p + 1;
                } else {
                    sort(p + 1, up, rnd);
                    small = up - p;
                    up = p - 1;
                }
                if (up > lo && (up - lo) / 128 > small) rnd = RANDOM_PIVOT;
            }
        }

        /** Partitions a[lo..up] around {@code pivot} (which sits at up - 1); returns its final index. */
        int partition(int lo, int up, Object pivot) {
            int i = lo;
            int j = up - 1;
            while (true) {
                Object ai;
                while (less(ai = get(++i), pivot)) {
                    if (i == up - 1) throw t.error("invalid order function for sorting");
                }
                Object aj;
                while (less(pivot, aj = get(--j))) {
                    if (j < i) throw t.error("invalid order function for sorting");
                }
                if (j < i) {
                    set(up - 1, ai);
                    set(i, pivot);
                    return i;
                }
                set(i, aj);
                set(j, ai);
            }
        }

        static int choosePivot(int lo, int up, long rnd) {
            long r4 = (up - lo) / 4;
            return (int) (rnd % (r4 * 2) + lo + r4);
        }
    }
}
