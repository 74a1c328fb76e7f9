package dev.lunatik.vm.value;

/**
 * The value representation, in one place.
 *
 * <p>At the API, a Lua value is a Java object: {@code null} nil, {@link Boolean}, {@link Long}
 * (the only number type of kernel Lua), {@link LuaString}, {@link LuaTable}, {@link LuaFunction},
 * {@link LuaUserdata} or a coroutine. Inside the VM (registers, table slots, upvalues) a value is
 * a pair ({@code Object ref}, {@code long num}) where {@code ref == }{@link #INT} marks an
 * integer held unboxed in {@code num}; any other {@code ref} is the value itself. Keeping this in
 * one class lets a standard mode with floats be added later by extending the tag set.
 */
public final class Lua {
    /** The tag in a reference slot meaning "the payload half holds an integer". */
    public static final Object INT = new Object() {
        @Override
        public String toString() {
            return "<int>";
        }
    };

    private Lua() {}

    /** Boxes a (ref, num) pair. */
    public static Object box(Object ref, long num) {
        return ref == INT ? Long.valueOf(num) : ref;
    }

    /** Lua's type name of a boxed value. */
    public static String typeName(Object v) {
        if (v == null) return "nil";
        if (v instanceof Boolean) return "boolean";
        if (v instanceof Long) return "number";
        if (v instanceof LuaString) return "string";
        if (v instanceof LuaTable) return "table";
        if (v instanceof LuaFunction) return "function";
        if (v instanceof LuaUserdata) return "userdata";
        if (v == INT) return "number";
        if (v instanceof Coroutine) return "thread";
        return "userdata";
    }

    /** false and nil are false; everything else is true. */
    public static boolean isTruthy(Object v) {
        return v != null && v != Boolean.FALSE;
    }

    /** Raw equality of two boxed values (no metamethods). */
    public static boolean rawEquals(Object a, Object b) {
        if (a == b) return true;
        if (a == null || b == null) return false;
        if (a instanceof Long || a instanceof LuaString || a instanceof Boolean) return a.equals(b);
        return false;
    }

    /** Decimal text of an integer as a Lua string. */
    public static LuaString toLuaString(long n) {
        return LuaString.latin1(Long.toString(n));
    }

    /**
     * Converts a string to an integer as kernel Lua does ({@code l_str2int}): optional spaces, an
     * optional minus sign, decimal digits (overflow fails) or {@code 0x} hex digits (wrap around),
     * optional trailing spaces. Returns null when it is not a numeral.
     */
    public static Long str2int(LuaString s) {
        byte[] b = s.bytes();
        int i = 0, n = b.length;
        while (i < n && isSpace(b[i])) i++;
        boolean neg = false;
        if (i < n && b[i] == '-') {
            neg = true;
            i++;
        } else if (i < n && b[i] == '+') {
            i++;
        }
        if (i >= n) return null;
        long a = 0;
        boolean empty = true;
        if (i + 1 < n && b[i] == '0' && (b[i + 1] == 'x' || b[i + 1] == 'X')) {
            i += 2;
            for (; i < n; i++) {
                int d = Character.digit(b[i], 16);
                if (d < 0) break;
                a = a * 16 + d;
                empty = false;
            }
        } else {
            long max = Long.MAX_VALUE / 10;
            int maxLast = (int) (Long.MAX_VALUE % 10) + (neg ? 1 : 0);
            for (; i < n; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) break;
                // unsigned, as Lua's: after "-9223372036854775808" the value wraps negative and a
                // further digit must still count as an overflow
                int cmp = Long.compareUnsigned(a, max);
                if (cmp >= 0 && (cmp > 0 || d > maxLast)) return null; // overflow: not an integer
                a = a * 10 + d;
                empty = false;
            }
        }
        while (i < n && isSpace(b[i])) i++;
        if (empty || i != n) return null;
        return neg ? -a : a;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 11;
    }

    /** The address {@code tostring} shows for a table, function, userdata or thread ("0x" and 8 hex digits). */
    public static String address(Object v) {
        return String.format("0x%08x", System.identityHashCode(v));
    }
}
