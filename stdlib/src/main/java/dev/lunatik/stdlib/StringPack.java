package dev.lunatik.stdlib;

import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.value.LuaString;

/**
 * {@code string.pack}, {@code string.packsize} and {@code string.unpack} (manual section 6.4.2),
 * kernel flavour: no float options ({@code f} and {@code d} are invalid options) and {@code n} is
 * a {@code lua_Integer} (8 bytes). Native sizes are those of an LP64 machine: {@code h} 2,
 * {@code i} 4, {@code l j T n} 8, native byte order little-endian, native maximum alignment 8.
 */
final class StringPack {
    private StringPack() {}

    private static final int MAXINTSIZE = 16;
    private static final int SZINT = 8;
    private static final int NATIVE_MAXALIGN = 8;
    private static final long MAXSIZE = Integer.MAX_VALUE;

    private static final int KINT = 0, KUINT = 1, KCHAR = 2, KSTRING = 3, KZSTR = 4, KPADDING = 5, KPADDALIGN = 6, KNOP = 7;

    /** The parser state of one format string (Lua's Header plus the read position). */
    private static final class Fmt {
        final LuaStack t;
        final byte[] f;
        final int end;
        int pos;
        boolean little = true;
        int maxalign = 1;
        /** Outputs of {@link #next}: the option's size and its alignment padding. */
        int size, ntoalign;

        Fmt(LuaStack t, LuaString fmt) {
            this.t = t;
            this.f = fmt.bytes();
            int e = 0;
            while (e < f.length && f[e] != 0) e++; // the format is a C string
            this.end = e;
        }

        boolean more() {
            return pos < end;
        }

        private boolean digitAt() {
            return pos < end && f[pos] >= '0' && f[pos] <= '9';
        }

        private int getnum(int df) {
            if (!digitAt()) return df;
            int a = 0;
            do {
                a = a * 10 + (f[pos++] - '0');
            } while (digitAt() && a <= ((int) MAXSIZE - 9) / 10);
            return a;
        }

        private int getnumlimit(int df) {
            int sz = getnum(df);
            if (sz > MAXINTSIZE || sz <= 0) throw t.error("integral size (" + sz + ") out of limits [1," + MAXINTSIZE + "]");
            return sz;
        }

        /** Reads one option; sets {@link #size}. */
        private int option() {
            int opt = f[pos++] & 0xFF;
            size = 0;
            switch (opt) {
                case 'b': size = 1; return KINT;
                case 'B': size = 1; return KUINT;
                case 'h': size = 2; return KINT;
                case 'H': size = 2; return KUINT;
                case 'l', 'j', 'n': size = 8; return KINT;
                case 'L', 'J', 'T': size = 8; return KUINT;
                case 'i': size = getnumlimit(4); return KINT;
                case 'I': size = getnumlimit(4); return KUINT;
                case 's': size = getnumlimit(8); return KSTRING;
                case 'c':
                    size = getnum(-1);
                    if (size == -1) throw t.error("missing size for format option 'c'");
                    return KCHAR;
                case 'z': return KZSTR;
                case 'x': size = 1; return KPADDING;
                case 'X': return KPADDALIGN;
                case ' ': break;
                case '<': little = true; break;
                case '>': little = false; break;
                case '=': little = true; break;
                case '!': maxalign = getnumlimit(NATIVE_MAXALIGN); break;
                default: throw StringLib.rawError(t, "invalid format option '" + (char) opt + "'");
            }
            return KNOP;
        }

        /** Reads the next option with its alignment at offset {@code total}; sets {@link #size} and {@link #ntoalign}. */
        int next(long total) {
            int opt = option();
            int psize = size;
            int align = psize;
            if (opt == KPADDALIGN) {
                if (pos >= end || option() == KCHAR || size == 0) throw t.argError(1, "invalid next option for option 'X'");
                align = size;
                size = psize;
            }
            if (align <= 1 || opt == KCHAR) {
                ntoalign = 0;
            } else {
                if (align > maxalign) align = maxalign;
                if ((align & (align - 1)) != 0) throw t.argError(1, "format asks for alignment not power of 2");
                ntoalign = (align - (int) (total & (align - 1))) & (align - 1);
            }
            return opt;
        }
    }

    private static void packInt(StrBuf b, long n, boolean little, int size, boolean neg) {
        b.ensure(size);
        byte[] a = b.a;
        int at = b.n;
        for (int i = 0; i < size; i++) {
            int v;
            if (i < SZINT) v = (int) (n >>> (8 * i)) & 0xFF;
            else v = neg ? 0xFF : 0;
            a[at + (little ? i : size - 1 - i)] = (byte) v;
        }
        b.n += size;
    }

    static LuaString pack(LuaStack t, int base, int nargs, StrBuf b) {
        Fmt h = new Fmt(t, t.checkString(base, nargs, 1));
        int arg = 1;
        long total = 0;
        while (h.more()) {
            int opt = h.next(total);
            int size = h.size;
            total += h.ntoalign + size;
            for (int k = 0; k < h.ntoalign; k++) b.add(0);
            arg++;
            if (arg == nargs + 1 && opt <= KZSTR) {
                // lstrlib pushes a nil right after the arguments: a missing one reads as nil
                throw t.argError(arg, (opt <= KUINT ? "number" : "string") + " expected, got nil");
            }
            switch (opt) {
                case KINT: {
                    long n = t.checkInteger(base, nargs, arg);
                    if (size < SZINT) {
                        long lim = 1L << (size * 8 - 1);
                        if (!(-lim <= n && n < lim)) throw t.argError(arg, "integer overflow");
                    }
                    packInt(b, n, h.little, size, n < 0);
                    break;
                }
                case KUINT: {
                    long n = t.checkInteger(base, nargs, arg);
                    if (size < SZINT && Long.compareUnsigned(n, 1L << (size * 8)) >= 0) throw t.argError(arg, "unsigned overflow");
                    packInt(b, n, h.little, size, false);
                    break;
                }
                case KCHAR: {
                    LuaString s = t.checkString(base, nargs, arg);
                    int len = s.length();
                    if (len > size) throw t.argError(arg, "string longer than given size");
                    b.add(s);
                    for (int k = len; k < size; k++) b.add(0);
                    break;
                }
                case KSTRING: {
                    LuaString s = t.checkString(base, nargs, arg);
                    int len = s.length();
                    if (!(size >= 8 || len < (1L << (size * 8)))) throw t.argError(arg, "string length does not fit in given size");
                    packInt(b, len, h.little, size, false);
                    b.add(s);
                    total += len;
                    break;
                }
                case KZSTR: {
                    LuaString s = t.checkString(base, nargs, arg);
                    for (byte x : s.bytes()) if (x == 0) throw t.argError(arg, "string contains zeros");
                    b.add(s);
                    b.add(0);
                    total += s.length() + 1;
                    break;
                }
                case KPADDING:
                    b.add(0);
                    arg--;
                    break;
                default: // KPADDALIGN, KNOP
                    arg--;
                    break;
            }
        }
        return b.result();
    }

    static int packsize(LuaStack t, int base, int nargs) {
        Fmt h = new Fmt(t, t.checkString(base, nargs, 1));
        long total = 0;
        while (h.more()) {
            int opt = h.next(total);
            if (opt == KSTRING || opt == KZSTR) throw t.argError(1, "variable-length format");
            long size = (long) h.size + h.ntoalign;
            if (total > MAXSIZE - size) throw t.argError(1, "format result too large");
            total += size;
        }
        t.setInt(base, total);
        return 1;
    }

    private static long unpackInt(LuaStack t, byte[] d, int at, boolean little, int size, boolean signed) {
        long res = 0;
        int limit = Math.min(size, SZINT);
        for (int i = limit - 1; i >= 0; i--) {
            res <<= 8;
            res |= d[at + (little ? i : size - 1 - i)] & 0xFF;
        }
        if (size < SZINT) {
            if (signed) {
                long mask = 1L << (size * 8 - 1);
                res = (res ^ mask) - mask;
            }
        } else if (size > SZINT) {
            int mask = (!signed || res >= 0) ? 0 : 0xFF;
            for (int i = limit; i < size; i++) {
                if ((d[at + (little ? i : size - 1 - i)] & 0xFF) != mask)
                    throw t.error(size + "-byte integer does not fit into Lua Integer");
            }
        }
        return res;
    }

    static int unpack(LuaStack t, int base, int nargs) {
        Fmt h = new Fmt(t, t.checkString(base, nargs, 1));
        LuaString data = t.checkString(base, nargs, 2);
        byte[] d = data.bytes();
        int ld = d.length;
        long pos = StringLib.posrelat(t.optInteger(base, nargs, 3, 1), ld) - 1;
        if (pos > ld) throw t.argError(3, "initial position out of string");
        int n = 0;
        while (h.more()) {
            int opt = h.next(pos);
            int size = h.size;
            if ((long) h.ntoalign + size > ld - pos) throw t.argError(2, "data string too short");
            pos += h.ntoalign;
            if (!t.checkStack(base + n, 2)) throw t.error("stack overflow (too many results)");
            int at = (int) pos;
            switch (opt) {
                case KINT, KUINT:
                    t.setInt(base + n++, unpackInt(t, d, at, h.little, size, opt == KINT));
                    break;
                case KCHAR:
                    t.set(base + n++, LuaString.copyOf(d, at, size));
                    break;
                case KSTRING: {
                    long len = unpackInt(t, d, at, h.little, size, false);
                    if (Long.compareUnsigned(len, ld - pos - size) > 0) throw t.argError(2, "data string too short");
                    t.set(base + n++, LuaString.copyOf(d, at + size, (int) len));
                    pos += len;
                    break;
                }
                case KZSTR: {
                    int e = at;
                    while (e < ld && d[e] != 0) e++;
                    if (e >= ld) throw t.argError(2, "unfinished string for format 'z'");
                    t.set(base + n++, LuaString.copyOf(d, at, e - at));
                    pos += e - at + 1;
                    break;
                }
                default:
                    break;
            }
            pos += size;
        }
        t.checkStack(base + n, 1);
        t.setInt(base + n, pos + 1);
        return n + 1;
    }
}
