package dev.lunatik.stdlib;

import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import dev.lunatik.vm.value.MetaEvent;

/**
 * The {@code string} library, kernel flavour: {@code byte char dump find format gmatch gsub len
 * lower match rep reverse sub upper pack packsize unpack}, and the string metatable
 * ({@code __index} is this table, so {@code ("x"):rep(3)} works; arithmetic metamethods convert
 * numeric strings to integers: {@code __add __sub __mul __mod __idiv __unm}, no {@code __div} or
 * {@code __pow}). Strings are bytes: every function is 8-bit clean and {@code lower}/{@code upper}
 * change ASCII letters only (the C locale). Patterns are in {@link LuaPattern}, {@code format} in
 * {@link StringFormat}, {@code pack}/{@code unpack} in {@link StringPack}.
 */
public final class StringLib {
    /** Lua's MAXSIZE for string results (INT_MAX), used by {@code rep}. */
    static final long MAXSIZE = Integer.MAX_VALUE;

    /** A spare buffer and matcher, reused by the calls of one state (taken while in use, so re-entrant calls get fresh ones). */
    private StrBuf spareBuf;
    private LuaPattern spareMatcher;

    private StringLib() {}

    /** The library, for {@link LuaState#openLibrary} or {@link LuaState#provideModule}. */
    public static final LuaLibrary LIBRARY = new LuaLibrary() {
        @Override
        public String name() {
            return "string";
        }

        @Override
        public Object open(LuaState state) {
            StringLib s = new StringLib();
            LuaTable lib = new LuaTable();
            JavaFunction.registerLeaf(lib, "byte", StringLib::byte_);
            JavaFunction.registerLeaf(lib, "char", s::char_);
            JavaFunction.register(lib, "dump", StringLib::dump);
            JavaFunction.registerLeaf(lib, "find", (t, b, n) -> s.find(t, b, n, true));
            JavaFunction.register(lib, "format", s::format);
            JavaFunction.register(lib, "gmatch", StringLib::gmatch);
            JavaFunction.register(lib, "gsub", s::gsub);
            JavaFunction.registerLeaf(lib, "len", StringLib::len);
            JavaFunction.registerLeaf(lib, "lower", StringLib::lower);
            JavaFunction.registerLeaf(lib, "match", (t, b, n) -> s.find(t, b, n, false));
            JavaFunction.registerLeaf(lib, "rep", StringLib::rep);
            JavaFunction.registerLeaf(lib, "reverse", StringLib::reverse);
            JavaFunction.registerLeaf(lib, "sub", StringLib::sub);
            JavaFunction.registerLeaf(lib, "upper", StringLib::upper);
            JavaFunction.register(lib, "pack", s::pack);
            JavaFunction.register(lib, "packsize", StringPack::packsize);
            JavaFunction.register(lib, "unpack", StringPack::unpack);
            installMetatable(state.mainThread(), lib);
            return lib;
        }
    };

    // ------------------------------------------------------------------ buffers

    /** A buffer for a result built on thread {@code t}, charging its memory to {@code t}'s state. */
    StrBuf takeBuf(LuaStack t, int hint) {
        StrBuf b = spareBuf;
        if (b == null) {
            b = new StrBuf(Math.min(Math.max(hint, 64), StrBuf.KEEP_LIMIT));
        } else {
            spareBuf = null;
            b.reset();
        }
        b.gc = t;
        return b;
    }

    void giveBuf(StrBuf b) {
        if (b.a.length <= StrBuf.KEEP_LIMIT) spareBuf = b;
    }

    private LuaPattern takeMatcher() {
        LuaPattern m = spareMatcher;
        if (m == null) return new LuaPattern();
        spareMatcher = null;
        return m;
    }

    private void giveMatcher(LuaPattern m) {
        m.release();
        spareMatcher = m;
    }

    /** An error with the caller's position whose message bytes are taken as Latin-1 (raw bytes of a pattern or format). */
    static LuaError rawError(LuaStack t, String latin1) {
        return new LuaError(LuaString.latin1(t.where(1) + latin1));
    }

    // ------------------------------------------------------------------ positions

    /** Lua's posrelatI: a start position made 1-based and clipped below at 1. */
    static long posrelat(long pos, int len) {
        if (pos > 0) return pos;
        if (pos == 0) return 1;
        if (pos < -(long) len) return 1;
        return len + pos + 1;
    }

    /** Lua's getendpos: an end position clipped to [0, len]. */
    static long endpos(long pos, int len) {
        if (pos > len) return len;
        if (pos >= 0) return pos;
        if (pos < -(long) len) return 0;
        return len + pos + 1;
    }

    // ------------------------------------------------------------------ simple functions

    static int len(LuaStack t, int base, int nargs) {
        t.setInt(base, t.checkString(base, nargs, 1).length());
        return 1;
    }

    static int sub(LuaStack t, int base, int nargs) {
        LuaString s = t.checkString(base, nargs, 1);
        int l = s.length();
        long start = posrelat(t.checkInteger(base, nargs, 2), l);
        long end = endpos(t.optInteger(base, nargs, 3, -1), l);
        if (start == 1 && end == l) t.set(base, s);
        else if (start <= end) {
            t.allocateString(end - start + 1);
            t.set(base, LuaString.copyOf(s.bytes(), (int) start - 1, (int) (end - start + 1)));
        } else t.set(base, LuaString.EMPTY);
        return 1;
    }

    static int reverse(LuaStack t, int base, int nargs) {
        LuaString s = t.checkString(base, nargs, 1);
        byte[] b = s.bytes();
        int l = b.length;
        t.allocateString(l);
        byte[] r = new byte[l];
        for (int i = 0; i < l; i++) r[i] = b[l - 1 - i];
        t.set(base, LuaString.wrap(r));
        return 1;
    }

    static int lower(LuaStack t, int base, int nargs) {
        return mapAsciiCase(t, base, nargs, 'A', 32);
    }

    static int upper(LuaStack t, int base, int nargs) {
        return mapAsciiCase(t, base, nargs, 'a', -32);
    }

    /** {@code lower}/{@code upper}: shifts the 26 letters from {@code first} by {@code delta} (C locale). */
    private static int mapAsciiCase(LuaStack t, int base, int nargs, char first, int delta) {
        byte[] b = t.checkString(base, nargs, 1).bytes();
        t.allocateString(b.length);
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            byte c = b[i];
            r[i] = c >= first && c < first + 26 ? (byte) (c + delta) : c;
        }
        t.set(base, LuaString.wrap(r));
        return 1;
    }

    static int rep(LuaStack t, int base, int nargs) {
        LuaString s = t.checkString(base, nargs, 1);
        long n = t.checkInteger(base, nargs, 2);
        LuaString sep = t.optString(base, nargs, 3, LuaString.EMPTY);
        int l = s.length(), lsep = sep.length();
        if (n <= 0) {
            t.set(base, LuaString.EMPTY);
            return 1;
        }
        if ((long) l + lsep > MAXSIZE / n) throw t.error("resulting string too large");
        long total = n * l + (n - 1) * lsep;
        if (total == 0) {
            t.set(base, LuaString.EMPTY);
            return 1;
        }
        if (total > Integer.MAX_VALUE - 8) throw LuaError.memory();
        t.allocateString(total); // under a memory limit, fails here before Java allocates
        byte[] r;
        try {
            r = new byte[(int) total];
        } catch (OutOfMemoryError e) {
            throw LuaError.memory();
        }
        byte[] sb = s.bytes(), pb = sep.bytes();
        int p = 0;
        if (lsep == 0 && l == 1) {
            java.util.Arrays.fill(r, sb[0]);
        } else {
            for (long i = 0; i < n; i++) {
                if (i > 0 && lsep > 0) {
                    System.arraycopy(pb, 0, r, p, lsep);
                    p += lsep;
                }
                System.arraycopy(sb, 0, r, p, l);
                p += l;
            }
        }
        t.set(base, LuaString.wrap(r));
        return 1;
    }

    static int byte_(LuaStack t, int base, int nargs) {
        if (nargs == 2 && t.refAt(base) instanceof LuaString str && t.isInt(base + 1)) {
            // string.byte(s, i), the common form: one byte or none
            long i = t.intAt(base + 1);
            int l = str.length();
            if (i < 0) i += l + 1;
            if (i < 1 || i > l) return 0;
            t.setInt(base, str.bytes()[(int) i - 1] & 0xFF);
            return 1;
        }
        LuaString s = t.checkString(base, nargs, 1);
        int l = s.length();
        long pi = t.optInteger(base, nargs, 2, 1);
        long posi = posrelat(pi, l);
        long pose = endpos(t.optInteger(base, nargs, 3, pi), l);
        if (posi > pose) return 0;
        if (pose - posi >= Integer.MAX_VALUE) throw t.error("string slice too long");
        int n = (int) (pose - posi) + 1;
        if (n > 1 && !t.checkStack(base, n)) throw t.error("stack overflow (string slice too long)");
        byte[] b = s.bytes();
        int from = (int) posi - 1;
        for (int i = 0; i < n; i++) t.setInt(base + i, b[from + i] & 0xFF);
        return n;
    }

    private int char_(LuaStack t, int base, int nargs) {
        t.allocateString(nargs);
        byte[] r = new byte[nargs];
        for (int i = 1; i <= nargs; i++) {
            long c = t.checkInteger(base, nargs, i);
            if (Long.compareUnsigned(c, 255) > 0) throw t.argError(i, "value out of range");
            r[i - 1] = (byte) c;
        }
        t.set(base, LuaString.wrap(r));
        return 1;
    }

    /** {@code string.dump(f [, strip])}: the binary chunk of a Lua function. */
    static int dump(LuaStack t, int base, int nargs) {
        Object f = t.arg(base, nargs, 1);
        if (!(f instanceof LuaFunction fn)) throw t.typeError(base, nargs, 1, "function");
        boolean strip = Lua.isTruthy(t.arg(base, nargs, 2));
        t.set(base, LuaString.wrap(t.dump(fn, strip)));
        return 1;
    }

    private int format(LuaStack t, int base, int nargs) {
        StrBuf b = takeBuf(t, 64);
        LuaString r = StringFormat.format(t, base, nargs, b);
        giveBuf(b);
        t.set(base, r);
        return 1;
    }

    private int pack(LuaStack t, int base, int nargs) {
        StrBuf b = takeBuf(t, 32);
        LuaString r = StringPack.pack(t, base, nargs, b);
        giveBuf(b);
        t.set(base, r);
        return 1;
    }

    // ------------------------------------------------------------------ pattern functions

    /** {@code string.find} ({@code find} true) and {@code string.match}. */
    private int find(LuaStack t, int base, int nargs, boolean find) {
        LuaString s = t.checkString(base, nargs, 1);
        LuaString p = t.checkString(base, nargs, 2);
        int ls = s.length(), lp = p.length();
        long init = posrelat(t.optInteger(base, nargs, 3, 1), ls) - 1;
        if (init > ls) {
            t.set(base, null);
            return 1;
        }
        byte[] sb = s.bytes(), pb = p.bytes();
        int analysis = find ? LuaPattern.analysis(p) : 0;
        if (find && (LuaPattern.isPlain(analysis) || Lua.isTruthy(t.arg(base, nargs, 4)))) {
            int at = LuaPattern.find(sb, (int) init, ls, pb, lp);
            if (at >= 0) {
                t.setInt(base, at + 1);
                t.setInt(base + 1, (long) at + lp);
                return 2;
            }
        } else {
            int s1 = (int) init;
            int pstart = 0;
            boolean anchor = lp > 0 && pb[0] == '^';
            if (anchor) pstart = 1;
            int items = find ? LuaPattern.singleItems(analysis) : -1;
            if (items >= 0) { // one byte per item, no captures: a comparison, no matcher
                int at = LuaPattern.findSingleBytes(sb, s1, ls, pb, pstart, lp, items, anchor);
                if (at >= 0) {
                    t.setInt(base, at + 1);
                    t.setInt(base + 1, (long) at + items);
                    return 2;
                }
                t.set(base, null);
                return 1;
            }
            LuaPattern m = takeMatcher();
            int lit = anchor ? -1 : LuaPattern.firstLiteral(pb, pstart, lp);
            m.prep(t, sb, ls, pb, lp);
            do {
                if (lit >= 0 && (s1 = LuaPattern.indexOf(sb, lit, s1, ls)) < 0) break;
                m.reprep();
                int e = m.match(s1, pstart);
                if (e != LuaPattern.FAIL) {
                    int n;
                    if (find) {
                        t.setInt(base, s1 + 1);
                        t.setInt(base + 1, e);
                        n = m.pushCaptures(base + 2, -1, -1, false) + 2;
                    } else {
                        n = m.pushCaptures(base, s1, e, true);
                    }
                    giveMatcher(m);
                    return n;
                }
            } while (s1++ < ls && !anchor);
            giveMatcher(m);
        }
        t.set(base, null);
        return 1;
    }

    private static int gmatch(LuaStack t, int base, int nargs) {
        LuaString s = t.checkString(base, nargs, 1);
        LuaString p = t.checkString(base, nargs, 2);
        int ls = s.length();
        long init = posrelat(t.optInteger(base, nargs, 3, 1), ls) - 1;
        if (init > ls) init = ls + 1;
        final LuaPattern m = new LuaPattern();
        final byte[] sb = s.bytes(), pb = p.bytes();
        final int lp = p.length();
        final int lit = LuaPattern.firstLiteral(pb, 0, lp);
        final int[] state = {(int) init, -1}; // current position, end of the last match
        t.set(base, JavaFunction.capturing("gmatch_aux", (th, b, n) -> {
            m.prep(th, sb, ls, pb, lp);
            for (int src = state[0]; src <= ls; src++) {
                if (lit >= 0 && (src = LuaPattern.indexOf(sb, lit, src, ls)) < 0) break;
                m.reprep();
                int e = m.match(src, 0);
                if (e != LuaPattern.FAIL && e != state[1]) {
                    state[0] = state[1] = e;
                    int r = m.pushCaptures(b, src, e, true);
                    m.t = null;
                    return r;
                }
            }
            state[0] = ls + 1;
            m.t = null;
            return 0;
        }, s, p)); // a closure, as in Lua: collectable (its strings need no tracing, but are its upvalues)
        return 1;
    }

    private int gsub(LuaStack t, int base, int nargs) {
        LuaString s = t.checkString(base, nargs, 1);
        LuaString p = t.checkString(base, nargs, 2);
        int srcl = s.length();
        int lp = p.length();
        Object repl = t.arg(base, nargs, 3);
        long maxS = t.optInteger(base, nargs, 4, (long) srcl + 1);
        LuaString replStr = null;
        if (repl instanceof LuaString rs) replStr = rs;
        else if (repl instanceof Long l) replStr = Lua.toLuaString(l);
        else if (!(repl instanceof LuaFunction) && !(repl instanceof LuaTable))
            throw t.typeError(base, nargs, 3, "string/function/table");
        byte[] sb = s.bytes(), pb = p.bytes();
        boolean anchor = lp > 0 && pb[0] == '^';
        int pstart = anchor ? 1 : 0;
        LuaPattern m = takeMatcher();
        StrBuf b = takeBuf(t, srcl + 16);
        m.prep(t, sb, srcl, pb, lp);
        int src = 0, lastMatch = -1;
        long n = 0;
        boolean changed = false;
        while (n < maxS) {
            m.reprep();
            int e = m.match(src, pstart);
            if (e != LuaPattern.FAIL && e != lastMatch) {
                n++;
                if (replStr != null) {
                    addString(m, b, replStr, src, e);
                    changed = true;
                } else {
                    changed |= addValue(t, m, b, repl, src, e);
                }
                src = lastMatch = e;
            } else if (src < srcl) {
                b.add(sb[src++]);
            } else {
                break;
            }
            if (anchor) break;
        }
        if (!changed) {
            t.set(base, s);
        } else {
            b.add(sb, src, srcl - src);
            t.set(base, b.result());
        }
        giveBuf(b);
        giveMatcher(m);
        t.setInt(base + 1, n);
        return 2;
    }

    /** Appends a replacement string with its {@code %0-%9} and {@code %%} escapes. */
    private static void addString(LuaPattern m, StrBuf b, LuaString repl, int s, int e) {
        byte[] r = repl.bytes();
        int l = r.length;
        int i = 0;
        while (i < l) {
            int start = i;
            while (i < l && r[i] != '%') i++;
            b.add(r, start, i - start);
            if (i >= l) break;
            i++; // skip '%'
            int c = i < l ? r[i] : 0;
            if (c == '%') b.add('%');
            else if (c == '0') b.add(m.src, s, e - s);
            else if (c >= '1' && c <= '9') m.addCapture(b, c - '1', s, e);
            else throw m.t.error("invalid use of '%' in replacement string");
            i++;
        }
    }

    /** Appends the value of a function or table replacement; whether the subject changed. */
    private static boolean addValue(LuaStack t, LuaPattern m, StrBuf b, Object repl, int s, int e) {
        Object v;
        if (repl instanceof LuaTable tab) {
            v = t.index(tab, m.capture(0, s, e));
        } else {
            int nc = (m.level == 0) ? 1 : m.level;
            Object[] args = new Object[nc];
            for (int i = 0; i < nc; i++) args[i] = m.capture(i, s, e);
            v = t.call1(repl, args);
        }
        if (!Lua.isTruthy(v)) {
            b.add(m.src, s, e - s);
            return false;
        }
        if (v instanceof LuaString vs) b.add(vs);
        else if (v instanceof Long l) b.addDecimal(l);
        else throw t.error("invalid replacement value (a " + Lua.typeName(v) + ")");
        return true;
    }

    // ------------------------------------------------------------------ the string metatable

    private static final MetaEvent[] ARITH_EVENTS = {
        MetaEvent.ADD, MetaEvent.SUB, MetaEvent.MUL, MetaEvent.MOD, MetaEvent.IDIV, MetaEvent.UNM
    };

    /**
     * Creates the string metatable with {@code __index} = {@code lib} and the arithmetic
     * metamethods that convert numeric strings ({@code "10"+1} is 11; {@code "1.5"+1} raises
     * "attempt to add a 'string' with a 'number'"). Bitwise operators do not coerce strings.
     */
    static void installMetatable(LuaStack t, LuaTable lib) {
        LuaTable mt = new LuaTable();
        for (MetaEvent ev : ARITH_EVENTS) mt.rawset(ev.key, arithMetamethod(ev));
        mt.rawset(MetaEvent.INDEX.key, lib);
        t.setStringMetatable(mt);
    }

    private static Long toInt(Object v) {
        if (v instanceof Long l) return l;
        if (v instanceof LuaString s) return Lua.str2int(s);
        return null;
    }

    private static JavaFunction arithMetamethod(MetaEvent ev) {
        return JavaFunction.of(ev.key.toString(), (t, base, n) -> {
            Object a = t.arg(base, n, 1);
            Object b = t.arg(base, n, 2);
            Long x = toInt(a);
            // a direct call of __unm with one argument negates it (as lstrlib's stack use does)
            Long y = (ev == MetaEvent.UNM && n < 2) ? x : toInt(b);
            if (x != null && y != null) {
                if (ev == MetaEvent.UNM) t.set(base, t.arith(MetaEvent.SUB, 0L, x));
                else t.set(base, t.arith(ev, x, y));
                return 1;
            }
            // try the second operand's metamethod, as lstrlib's trymt does
            if (!(b instanceof LuaString)) {
                Object h = t.metafield(b, ev);
                if (h != null) {
                    t.set(base, t.call1(h, a, b));
                    return 1;
                }
            }
            throw t.error("attempt to " + ev.shortName + " a '" + Lua.typeName(a) + "' with a '" + Lua.typeName(b) + "'");
        });
    }
}
