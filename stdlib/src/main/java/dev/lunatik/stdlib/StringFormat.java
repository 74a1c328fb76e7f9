package dev.lunatik.stdlib;

import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.value.LuaString;

/**
 * {@code string.format}, kernel flavour: the conversions {@code %c %d %i %u %o %x %X %s %q %%}
 * with C's flags ({@code - + space # 0}), width and precision (at most two digits each), checked
 * as Lua 5.4 checks them. Float conversions ({@code %a %e %f %g}) and {@code %p} do not exist in
 * kernel Lua: they raise "invalid conversion '%f' to 'format'". Integers are formatted straight
 * into the result buffer, without intermediate strings.
 */
final class StringFormat {
    private StringFormat() {}

    /** Longest conversion specification, as Lua's MAX_FORMAT (32) minus room for '%', a length modifier and '\0'. */
    private static final int MAX_SPEC = 32 - 10;

    private static final String FLAGS_ALL = "-+#0 ";
    private static final String FLAGS_X = "-#0";
    private static final String FLAGS_I = "-+0 ";
    private static final String FLAGS_U = "-0";
    private static final String FLAGS_C = "-";

    static LuaString format(LuaStack t, int base, int nargs, StrBuf b) {
        LuaString fs = t.checkString(base, nargs, 1);
        byte[] f = fs.bytes();
        int fl = f.length;
        int arg = 1;
        int i = 0;
        while (i < fl) {
            byte c = f[i];
            if (c != '%') {
                // copy a run of literal bytes at once
                int start = i;
                while (i < fl && f[i] != '%') i++;
                b.add(f, start, i - start);
                continue;
            }
            i++;
            if (i < fl && f[i] == '%') {
                b.add('%');
                i++;
                continue;
            }
            if (++arg > nargs) throw t.argError(arg, "no value");
            // the specification: flags, digits and '.', then the conversion character
            int start = i;
            while (i < fl && isSpecChar(f[i])) i++;
            int len = i - start + 1;
            if (len >= MAX_SPEC) throw t.error("invalid format (too long)");
            int conv = i < fl ? f[i] & 0xFF : 0;
            int specEnd = i; // exclusive, before the conversion
            if (i < fl) i++;
            switch (conv) {
                case 'd', 'i': {
                    long n = t.checkInteger(base, nargs, arg);
                    if (specEnd == start) {
                        b.addDecimal(n); // the common "%d"
                    } else {
                        Spec sp = check(t, f, start, specEnd, conv, FLAGS_I, true);
                        formatInt(b, sp, n, conv);
                    }
                    break;
                }
                case 'u': {
                    long n = t.checkInteger(base, nargs, arg);
                    formatInt(b, specEnd == start ? Spec.NONE : check(t, f, start, specEnd, conv, FLAGS_U, true), n, conv);
                    break;
                }
                case 'o', 'x', 'X': {
                    long n = t.checkInteger(base, nargs, arg);
                    formatInt(b, specEnd == start ? Spec.NONE : check(t, f, start, specEnd, conv, FLAGS_X, true), n, conv);
                    break;
                }
                case 'c': {
                    Spec sp = check(t, f, start, specEnd, conv, FLAGS_C, false);
                    long n = t.checkInteger(base, nargs, arg);
                    pad(b, sp, 1, () -> b.add((int) n));
                    break;
                }
                case 'q': {
                    if (specEnd != start) throw t.error("specifier '%q' cannot have modifiers");
                    addLiteral(t, b, base, nargs, arg);
                    break;
                }
                case 's': {
                    LuaString s = t.tostring(t.arg(base, nargs, arg));
                    if (specEnd == start) {
                        b.add(s);
                        break;
                    }
                    byte[] sb = s.bytes();
                    for (byte x : sb) if (x == 0) throw t.argError(arg, "string contains zeros");
                    Spec sp = check(t, f, start, specEnd, conv, FLAGS_C, true);
                    if (sp.precision < 0 && sb.length >= 100) {
                        b.add(s); // too long to be formatted: kept whole
                        break;
                    }
                    int l = sp.precision >= 0 ? Math.min(sp.precision, sb.length) : sb.length;
                    pad(b, sp, l, () -> b.add(sb, 0, l));
                    break;
                }
                default:
                    throw StringLib.rawError(t, "invalid conversion '" + spec(f, start, i, conv) + "' to 'format'");
            }
        }
        return b.result();
    }

    private static boolean isSpecChar(byte c) {
        return c == '-' || c == '+' || c == '#' || c == '0' || c == ' ' || c == '.' || (c >= '1' && c <= '9');
    }

    /** The text of a specification ('%' to the conversion included) for messages. */
    private static String spec(byte[] f, int start, int end, int conv) {
        StringBuilder sb = new StringBuilder("%");
        for (int k = start; k < end && f[k] != 0; k++) sb.append((char) (f[k] & 0xFF)); // C stops at a zero byte
        return sb.toString();
    }

    /** A parsed, checked specification. */
    private static final class Spec {
        /** No flags, width or precision (a plain {@code %x}); shared, never modified. */
        static final Spec NONE = new Spec();

        boolean left, plus, space, alt, zero;
        int width;
        int precision = -1;
    }

    /** Lua's checkformat: only {@code flags}, then up to two width digits, then '.' and up to two precision digits. */
    private static Spec check(LuaStack t, byte[] f, int start, int end, int conv, String flags, boolean precision) {
        Spec sp = new Spec();
        int k = start;
        while (k < end && flags.indexOf(f[k]) >= 0) {
            switch (f[k]) {
                case '-' -> sp.left = true;
                case '+' -> sp.plus = true;
                case ' ' -> sp.space = true;
                case '#' -> sp.alt = true;
                default -> sp.zero = true;
            }
            k++;
        }
        boolean ok = true;
        if (k < end && f[k] == '0') {
            ok = false; // a width cannot start with '0' (a '0' flag that is not allowed here)
        } else {
            int d = 0;
            while (k < end && d < 2 && f[k] >= '0' && f[k] <= '9') {
                sp.width = sp.width * 10 + (f[k++] - '0');
                d++;
            }
            if (k < end && f[k] == '.' && precision) {
                k++;
                sp.precision = 0;
                d = 0;
                while (k < end && d < 2 && f[k] >= '0' && f[k] <= '9') {
                    sp.precision = sp.precision * 10 + (f[k++] - '0');
                    d++;
                }
            }
            if (k != end) ok = false;
        }
        if (!ok) throw StringLib.rawError(t, "invalid conversion specification: '" + spec(f, start, end, conv) + (char) conv + "'"); // conv is a letter here
        return sp;
    }

    /** Pads the output of {@code body} ({@code len} bytes) to the width with spaces. */
    private static void pad(StrBuf b, Spec sp, int len, Runnable body) {
        int fill = sp.width - len;
        if (!sp.left) for (int k = 0; k < fill; k++) b.add(' ');
        body.run();
        if (sp.left) for (int k = 0; k < fill; k++) b.add(' ');
    }

    /** printf of a 64-bit integer with conversion d/i (signed), u, o, x, X (unsigned). */
    private static void formatInt(StrBuf b, Spec sp, long n, int conv) {
        byte[] d = b.digits;
        int end = d.length;
        int p = end;
        boolean neg = false;
        if (conv == 'd' || conv == 'i') {
            neg = n < 0;
            long x = neg ? n : -n;
            while (x != 0) {
                long q = x / 10;
                d[--p] = (byte) ('0' + (int) (q * 10 - x));
                x = q;
            }
        } else if (conv == 'u') {
            long x = n;
            while (x != 0) {
                long q = Long.divideUnsigned(x, 10);
                d[--p] = (byte) ('0' + (int) (x - q * 10));
                x = q;
            }
        } else if (conv == 'o') {
            for (long x = n; x != 0; x >>>= 3) d[--p] = (byte) ('0' + (int) (x & 7));
        } else {
            String hex = conv == 'x' ? "0123456789abcdef" : "0123456789ABCDEF";
            for (long x = n; x != 0; x >>>= 4) d[--p] = (byte) hex.charAt((int) (x & 15));
        }
        int ndig = end - p;
        // precision: minimum number of digits ("%.0d" of 0 prints no digits); default 1
        int prec = sp.precision < 0 ? 1 : sp.precision;
        int zeros = Math.max(0, prec - ndig);
        if (conv == 'o' && sp.alt && zeros == 0 && (ndig == 0 || d[p] != '0')) zeros = 1;
        String prefix = "";
        if (neg) prefix = "-";
        else if ((conv == 'd' || conv == 'i') && sp.plus) prefix = "+";
        else if ((conv == 'd' || conv == 'i') && sp.space) prefix = " ";
        else if ((conv == 'x' || conv == 'X') && sp.alt && n != 0) prefix = conv == 'x' ? "0x" : "0X";
        int len = prefix.length() + zeros + ndig;
        int fill = Math.max(0, sp.width - len);
        if (sp.zero && !sp.left && sp.precision < 0) {
            zeros += fill; // '0' flag: pad with zeros after the sign/prefix
            fill = 0;
        }
        b.ensure(len + fill + zeros);
        if (!sp.left) for (int k = 0; k < fill; k++) b.add(' ');
        b.addAscii(prefix);
        for (int k = 0; k < zeros; k++) b.add('0');
        b.add(d, p, ndig);
        if (sp.left) for (int k = 0; k < fill; k++) b.add(' ');
    }

    /** {@code %q}: a value written as a Lua literal. */
    private static void addLiteral(LuaStack t, StrBuf b, int base, int nargs, int arg) {
        Object v = t.arg(base, nargs, arg);
        if (v instanceof LuaString s) {
            addQuoted(b, s.bytes());
        } else if (v instanceof Long n) {
            if (n == Long.MIN_VALUE) b.addAscii("0x8000000000000000");
            else b.addDecimal(n);
        } else if (v == null || v instanceof Boolean) {
            b.add(t.tostring(v));
        } else {
            throw t.argError(arg, "value has no literal form");
        }
    }

    private static void addQuoted(StrBuf b, byte[] s) {
        b.add('"');
        for (int i = 0; i < s.length; i++) {
            int c = s[i] & 0xFF;
            if (c == '"' || c == '\\' || c == '\n') {
                b.add('\\');
                b.add(c);
            } else if (c < 32 || c == 127) {
                boolean digitNext = i + 1 < s.length && s[i + 1] >= '0' && s[i + 1] <= '9';
                b.add('\\');
                if (digitNext) {
                    b.add('0' + c / 100);
                    b.add('0' + c / 10 % 10);
                    b.add('0' + c % 10);
                } else {
                    b.addDecimal(c);
                }
            } else {
                b.add(c);
            }
        }
        b.add('"');
    }
}
