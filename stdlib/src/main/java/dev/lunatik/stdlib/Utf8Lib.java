package dev.lunatik.stdlib;

import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;

/**
 * The {@code utf8} library: {@code char charpattern codes codepoint len offset}, Lua 5.4.7
 * semantics. Sequences of up to six bytes (code points up to {@code 0x7FFFFFFF}) are decoded;
 * without the {@code lax} flag, code points above {@code 0x10FFFF} and surrogates are invalid.
 * Overlong encodings are always invalid. Strings are bytes: a position past the end reads as the
 * terminating zero byte of Lua's C strings.
 */
public final class Utf8Lib {
    private Utf8Lib() {}

    /** Largest code point accepted by the strict functions. */
    static final long MAXUNICODE = 0x10FFFFL;
    /** Largest value a (lax) sequence may encode. */
    static final long MAXUTF = 0x7FFFFFFFL;
    private static final String MSG_INVALID = "invalid UTF-8 code";

    /** Smallest code point of a sequence with 0..5 continuation bytes (overlong check); 0 forces an error. */
    private static final long[] LIMITS = {Long.MAX_VALUE, 0x80, 0x800, 0x10000L, 0x200000L, 0x4000000L};

    /** The pattern matching exactly one UTF-8 sequence. */
    static final LuaString CHARPATTERN = LuaString.latin1("[\0-\u007F\u00C2-\u00FD][\u0080-\u00BF]*");

    private static final JavaFunction ITER_STRICT = JavaFunction.of("for iterator", (t, b, n) -> iter(t, b, n, true));
    private static final JavaFunction ITER_LAX = JavaFunction.of("for iterator", (t, b, n) -> iter(t, b, n, false));

    /** The library, for {@link LuaState#openLibrary} or {@link LuaState#provideModule}. */
    public static final LuaLibrary LIBRARY = new LuaLibrary() {
        @Override
        public String name() {
            return "utf8";
        }

        @Override
        public Object open(LuaState state) {
            LuaTable lib = new LuaTable(0, 8);
            JavaFunction.register(lib, "offset", Utf8Lib::offset);
            JavaFunction.register(lib, "codepoint", Utf8Lib::codepoint);
            JavaFunction.register(lib, "char", Utf8Lib::utfchar);
            JavaFunction.register(lib, "len", Utf8Lib::len);
            JavaFunction.register(lib, "codes", Utf8Lib::codes);
            lib.rawset("charpattern", CHARPATTERN);
            return lib;
        }
    };

    // ------------------------------------------------------------------ decoding

    /** Byte {@code i} of {@code s}, 0 past the end (C's terminating zero). */
    private static int at(byte[] s, long i) {
        return i < s.length ? s[(int) i] & 0xFF : 0;
    }

    private static boolean isCont(byte[] s, long i) {
        return (at(s, i) & 0xC0) == 0x80;
    }

    /**
     * Decodes the sequence starting at {@code pos}: returns {@code (code << 3) | length} (code
     * up to 31 bits, length 1..6), or -1 when the bytes there are not a valid sequence.
     */
    static long decode(byte[] s, long pos, boolean strict) {
        int c = at(s, pos);
        long code;
        int len;
        if (c < 0x80) {
            code = c;
            len = 1;
        } else {
            int count = 0; // continuation bytes announced by the leading ones
            for (int mask = 0x40; (c & mask) != 0; mask >>= 1) count++;
            if (count == 0 || count > 5) return -1;
            code = 0;
            for (int k = 1; k <= count; k++) {
                int cc = at(s, pos + k);
                if ((cc & 0xC0) != 0x80) return -1;
                code = (code << 6) | (cc & 0x3F);
            }
            code |= (long) (c & (0x3F >> count)) << (6 * count);
            if (code > MAXUTF || code < LIMITS[count]) return -1;
            len = count + 1;
        }
        if (strict && (code > MAXUNICODE || (code >= 0xD800 && code <= 0xDFFF))) return -1;
        return (code << 3) | len;
    }

    /** Lua's {@code u_posrelat}: a negative position counts back from the end (0 if before the start). */
    private static long posrelat(long pos, long len) {
        if (pos >= 0) return pos;
        if (pos < -len) return 0;
        return len + pos + 1;
    }

    // ------------------------------------------------------------------ functions

    private static int len(LuaStack t, int base, int nargs) {
        byte[] s = t.checkString(base, nargs, 1).bytes();
        long len = s.length;
        long posi = posrelat(t.optInteger(base, nargs, 2, 1), len);
        long posj = posrelat(t.optInteger(base, nargs, 3, -1), len);
        boolean lax = nargs >= 4 && Lua.isTruthy(t.refAt(base + 3));
        if (!(1 <= posi && --posi <= len)) throw t.argError(2, "initial position out of bounds");
        if (!(--posj < len)) throw t.argError(3, "final position out of bounds");
        long n = 0;
        while (posi <= posj) {
            long d = decode(s, posi, !lax);
            if (d < 0) {
                t.set(base, null);
                t.setInt(base + 1, posi + 1);
                return 2;
            }
            posi += d & 7;
            n++;
        }
        t.setInt(base, n);
        return 1;
    }

    private static int codepoint(LuaStack t, int base, int nargs) {
        byte[] s = t.checkString(base, nargs, 1).bytes();
        long len = s.length;
        long posi = posrelat(t.optInteger(base, nargs, 2, 1), len);
        long pose = posrelat(t.optInteger(base, nargs, 3, posi), len);
        boolean lax = nargs >= 4 && Lua.isTruthy(t.refAt(base + 3));
        if (posi < 1) throw t.argError(2, "out of bounds");
        if (pose > len) throw t.argError(3, "out of bounds");
        if (posi > pose) return 0;
        if (pose - posi >= Integer.MAX_VALUE) throw t.error("string slice too long");
        int max = (int) (pose - posi) + 1;
        if (max > t.stackLimit() || !t.checkStack(base + nargs + TableLib.CHECKSTACK_SLACK, max)) throw t.error("stack overflow (string slice too long)");
        int n = 0;
        for (long p = posi - 1; p < pose; ) {
            long d = decode(s, p, !lax);
            if (d < 0) throw t.error(MSG_INVALID);
            t.setInt(base + n, d >>> 3);
            n++;
            p += d & 7;
        }
        return n;
    }

    private static int utfchar(LuaStack t, int base, int nargs) {
        if (nargs == 1) {
            long code = checkCode(t, base, nargs, 1);
            byte[] b = new byte[encodedLength(code)];
            encode(b, 0, code);
            t.set(base, LuaString.wrap(b));
            return 1;
        }
        int total = 0;
        for (int i = 1; i <= nargs; i++) total += encodedLength(checkCode(t, base, nargs, i));
        t.allocateString(total);
        byte[] b = new byte[total];
        int at = 0;
        for (int i = 1; i <= nargs; i++) at = encode(b, at, t.checkInteger(base, nargs, i));
        t.set(base, LuaString.wrap(b));
        return 1;
    }

    private static long checkCode(LuaStack t, int base, int nargs, int i) {
        long code = t.checkInteger(base, nargs, i);
        if (Long.compareUnsigned(code, MAXUTF) > 0) throw t.argError(i, "value out of range");
        return code;
    }

    /** Bytes needed to encode {@code code} (at most 0x7FFFFFFF) the way Lua's {@code %U} does. */
    static int encodedLength(long code) {
        if (code < 0x80) return 1;
        if (code < 0x800) return 2;
        if (code < 0x10000) return 3;
        if (code < 0x200000) return 4;
        if (code < 0x4000000) return 5;
        return 6;
    }

    /** Writes the (possibly extended, up to six bytes) UTF-8 encoding of {@code code}; returns the end. */
    static int encode(byte[] b, int at, long code) {
        int len = encodedLength(code);
        if (len == 1) {
            b[at] = (byte) code;
            return at + 1;
        }
        for (int k = len - 1; k > 0; k--) {
            b[at + k] = (byte) (0x80 | (code & 0x3F));
            code >>>= 6;
        }
        int lead = (0xFF00 >> len) & 0xFF; // len leading one bits
        b[at] = (byte) (lead | code);
        return at + len;
    }

    private static int offset(LuaStack t, int base, int nargs) {
        byte[] s = t.checkString(base, nargs, 1).bytes();
        long len = s.length;
        long n = t.checkInteger(base, nargs, 2);
        long posi = n >= 0 ? 1 : len + 1;
        posi = posrelat(t.optInteger(base, nargs, 3, posi), len);
        if (!(1 <= posi && --posi <= len)) throw t.argError(3, "position out of bounds");
        if (n == 0) {
            // start of the sequence containing posi
            while (posi > 0 && isCont(s, posi)) posi--;
        } else {
            if (isCont(s, posi)) throw t.error("initial position is a continuation byte");
            if (n < 0) {
                while (n < 0 && posi > 0) {
                    do {
                        posi--;
                    } while (posi > 0 && isCont(s, posi));
                    n++;
                }
            } else {
                n--; // the first character is the one at posi
                while (n > 0 && posi < len) {
                    do {
                        posi++;
                    } while (isCont(s, posi)); // stops at the terminating zero at worst
                    n--;
                }
            }
        }
        if (n == 0) t.setInt(base, posi + 1);
        else t.set(base, null);
        return 1;
    }

    private static int codes(LuaStack t, int base, int nargs) {
        boolean lax = nargs >= 2 && Lua.isTruthy(t.refAt(base + 1));
        LuaString str = t.checkString(base, nargs, 1);
        if (isCont(str.bytes(), 0)) throw t.argError(1, MSG_INVALID);
        t.set(base, lax ? ITER_LAX : ITER_STRICT);
        t.set(base + 1, str);
        t.setInt(base + 2, 0);
        return 3;
    }

    private static int iter(LuaStack t, int base, int nargs, boolean strict) {
        byte[] s = t.checkString(base, nargs, 1).bytes();
        long len = s.length;
        long n = nargs >= 2 && t.isInt(base + 1) ? t.intAt(base + 1) : tointeger(t.arg(base, nargs, 2));
        if (Long.compareUnsigned(n, len) < 0) {
            while (isCont(s, n)) n++; // skip the rest of the previous character
        }
        if (Long.compareUnsigned(n, len) >= 0) return 0; // also a negative n
        long d = decode(s, n, strict);
        if (d < 0 || isCont(s, n + (d & 7))) throw t.error(MSG_INVALID);
        t.setInt(base, n + 1);
        t.setInt(base + 1, d >>> 3);
        return 2;
    }

    /** {@code lua_tointeger}: an integer or integer string, else 0. */
    private static long tointeger(Object v) {
        if (v instanceof Long l) return l;
        if (v instanceof LuaString s) {
            Long r = Lua.str2int(s);
            return r == null ? 0 : r;
        }
        return 0;
    }
}
