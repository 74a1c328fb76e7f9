package dev.lunatik.stdlib.script;

import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import dev.lunatik.vm.value.LuaUserdata;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Conversions between the values a {@code javax.script} caller uses and Lua values. Kernel Lua
 * has integers only: a floating-point value crosses only when it is a whole number in the range
 * of a {@code long}, anything else is refused with an {@link IllegalArgumentException}.
 */
final class JavaValues {
    private JavaValues() {}

    /**
     * The Lua value for {@code v}: strings (and characters, byte arrays) become Lua strings,
     * integral numbers and whole floating-point numbers become integers; nil, booleans and the
     * VM's own values pass through, and so does any other object, which Lua sees as an opaque
     * (light) userdata.
     *
     * @throws IllegalArgumentException for a number that is not a whole {@code long}
     */
    static Object toLua(Object v) {
        if (v == null || v instanceof Long || v instanceof Boolean || v instanceof LuaString
                || v instanceof LuaTable || v instanceof LuaFunction || v instanceof LuaUserdata) {
            return v;
        }
        if (v instanceof String s) return LuaString.valueOf(s);
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof Double || v instanceof Float) return whole(((Number) v).doubleValue(), v);
        if (v instanceof BigInteger b) {
            if (b.bitLength() < Long.SIZE) return b.longValue();
            throw notAnInteger(v, "it does not fit in 64 bits");
        }
        if (v instanceof BigDecimal d) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException e) {
                throw notAnInteger(v, "it is not a whole number that fits in 64 bits");
            }
        }
        if (v instanceof Character c) return LuaString.valueOf(c.toString());
        if (v instanceof byte[] b) return LuaString.wrap(b.clone());
        return v;
    }

    /** {@link #toLua} of each argument; {@code null} (no varargs array) gives no arguments. */
    static Object[] toLua(Object[] args) {
        if (args == null) return new Object[0];
        Object[] r = new Object[args.length];
        for (int i = 0; i < args.length; i++) r[i] = toLua(args[i]);
        return r;
    }

    /**
     * The Java value for the Lua value {@code v}: a Lua string becomes a {@link String} (decoded
     * as UTF-8), integers are {@link Long}s, nil is {@code null}; everything else (booleans,
     * tables, functions, userdata, opaque Java objects) is returned as it is.
     */
    static Object toJava(Object v) {
        return v instanceof LuaString s ? s.toUtf8() : v;
    }

    /** The first of a call's results, converted by {@link #toJava}; {@code null} when there is none. */
    static Object first(Object[] results) {
        return results.length == 0 ? null : toJava(results[0]);
    }

    /** Whether {@code a} and {@code b} are the same Lua value (raw equality). */
    static boolean same(Object a, Object b) {
        return Lua.rawEquals(a, b);
    }

    private static Long whole(double d, Object original) {
        // NaN fails the first test, infinities the range test
        if (d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63) return (long) d;
        throw notAnInteger(original, "it is not a whole number that fits in 64 bits");
    }

    private static IllegalArgumentException notAnInteger(Object v, String why) {
        return new IllegalArgumentException("cannot pass " + v + " (" + v.getClass().getSimpleName()
                + ") to Lua: this Lua has 64-bit integers only, no floats, and " + why);
    }
}
