package dev.lunatik.vm.interp;

import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import dev.lunatik.vm.value.LuaUserdata;
import dev.lunatik.vm.value.MetaEvent;

/**
 * Metamethod-aware operations on boxed values for Java code (libraries, the embedding API):
 * the equivalents of {@code lua_gettable}, {@code lua_settable}, {@code luaL_tolstring},
 * {@code luaL_len}, {@code lua_compare}. Metamethods run as nested (non-yieldable) calls.
 */
public final class Meta {
    private static final int MAXTAGLOOP = 2000;

    private Meta() {}

    /** {@code o[k]} with {@code __index}. */
    public static Object index(LuaThread t, Object o, Object k) {
        for (int loop = 0; loop < MAXTAGLOOP; loop++) {
            Object h;
            if (o instanceof LuaTable tab) {
                Object v = tab.rawget(k);
                if (v != null) return v;
                h = MetaEvent.INDEX.in(tab.getMetatable());
                if (h == null) return null;
            } else {
                h = MetaEvent.INDEX.in(t.g.metatableOf(o));
                if (h == null) throw Errors.rt(t, "attempt to index a " + Errors.typeNameWithMeta(t, o) + " value");
            }
            if (h instanceof LuaFunction) return t.call1(h, o, k);
            o = h;
        }
        throw Errors.rt(t, "'__index' chain too long; possible loop");
    }

    /** {@code o[k] = v} with {@code __newindex}. */
    public static void setIndex(LuaThread t, Object o, Object k, Object v) {
        for (int loop = 0; loop < MAXTAGLOOP; loop++) {
            Object h;
            if (o instanceof LuaTable tab) {
                if (k != null && tab.rawget(k) != null) {
                    tab.rawset(k, v);
                    return;
                }
                h = MetaEvent.NEWINDEX.in(tab.getMetatable());
                if (h == null) {
                    if (k == null) throw Errors.rt(t, "table index is nil");
                    tab.rawset(k, v);
                    return;
                }
            } else {
                h = MetaEvent.NEWINDEX.in(t.g.metatableOf(o));
                if (h == null) throw Errors.rt(t, "attempt to index a " + Errors.typeNameWithMeta(t, o) + " value");
            }
            if (h instanceof LuaFunction) {
                t.call(h, o, k, v);
                return;
            }
            o = h;
        }
        throw Errors.rt(t, "'__newindex' chain too long; possible loop");
    }

    /** The metatable of {@code v}, or null. */
    public static LuaTable getMetatable(LuaThread t, Object v) {
        return t.g.metatableOf(v);
    }

    /** Raw metafield {@code event} of {@code v}'s metatable, or null. */
    public static Object metafield(LuaThread t, Object v, MetaEvent event) {
        return event.in(t.g.metatableOf(v));
    }

    /** {@code luaL_tolstring}: honours {@code __tostring} and {@code __name}. */
    public static LuaString tostring(LuaThread t, Object v) {
        LuaTable mt = t.g.metatableOf(v);
        Object h = MetaEvent.TOSTRING.in(mt);
        if (h != null) {
            Object r = t.call1(h, v);
            if (r instanceof LuaString s) return s;
            if (r instanceof Long l) return Lua.toLuaString(l);
            throw Errors.rt(t, "'__tostring' must return a string");
        }
        if (v == null) return LuaString.valueOf("nil");
        if (v instanceof Boolean b) return LuaString.valueOf(b ? "true" : "false");
        if (v instanceof Long l) return Lua.toLuaString(l);
        if (v instanceof LuaString s) return s;
        String kind = Lua.typeName(v);
        Object n = MetaEvent.NAME.in(mt);
        if (n instanceof LuaString ns && (v instanceof LuaTable || v instanceof LuaUserdata)) kind = ns.toString();
        return LuaString.valueOf(kind + ": " + address(v));
    }

    /** A stable pseudo-address for a reference value, printed like a C pointer. */
    public static String address(Object v) {
        return Lua.address(v);
    }

    /** {@code #v} with {@code __len}; returns the boxed result. */
    public static Object len(LuaThread t, Object v) {
        if (v instanceof LuaString s) return (long) s.length();
        Object h = MetaEvent.LEN.in(t.g.metatableOf(v));
        if (h != null) return t.call1(h, v, v);
        if (v instanceof LuaTable tab) return tab.length();
        throw Errors.rt(t, "attempt to get length of a " + Errors.typeNameWithMeta(t, v) + " value");
    }

    /** {@code luaL_len}: {@code #v} that must be an integer ("object length is not an integer"). */
    public static long lenInt(LuaThread t, Object v) {
        Object r = len(t, v);
        if (r instanceof Long l) return l;
        throw Errors.rt(t, "object length is not an integer");
    }

    /** {@code a == b} with {@code __eq}. */
    public static boolean equals(LuaThread t, Object a, Object b) {
        if (Lua.rawEquals(a, b)) return true;
        boolean tables = a instanceof LuaTable && b instanceof LuaTable;
        boolean udata = a instanceof LuaUserdata && b instanceof LuaUserdata;
        if (!tables && !udata) return false;
        Object h = MetaEvent.EQ.in(t.g.metatableOf(a));
        if (h == null) h = MetaEvent.EQ.in(t.g.metatableOf(b));
        return h != null && Lua.isTruthy(t.call1(h, a, b));
    }

    /** {@code a < b} with {@code __lt}. */
    public static boolean lessThan(LuaThread t, Object a, Object b) {
        return Ops.lessThan(t, a, b);
    }

    /** {@code a <= b} with {@code __le}. */
    public static boolean lessEqual(LuaThread t, Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) return x <= y;
        if (a instanceof LuaString s1 && b instanceof LuaString s2) return s1.compareTo(s2) <= 0;
        Object h = MetaEvent.LE.in(t.g.metatableOf(a));
        if (h == null) h = MetaEvent.LE.in(t.g.metatableOf(b));
        if (h == null) throw Errors.compareError(t, a instanceof Long ? Lua.INT : a, b instanceof Long ? Lua.INT : b);
        return Lua.isTruthy(t.call1(h, a, b));
    }

    /** Binary arithmetic/bitwise operation {@code ev} on boxed values, with metamethods. */
    public static Object arith(LuaThread t, MetaEvent ev, Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            if (y == 0 && ev == MetaEvent.MOD) throw Errors.rt(t, "attempt to perform 'n%0'");
            if (y == 0 && ev == MetaEvent.IDIV) throw Errors.rt(t, "attempt to divide by zero");
            return Ops.arithInt(ev, x, y);
        }
        Object h = ev.in(t.g.metatableOf(a));
        if (h == null) h = ev.in(t.g.metatableOf(b));
        if (h == null) {
            Object bad = a instanceof Long ? b : a;
            String op = Ops.isBitwise(ev) ? "perform bitwise operation on" : "perform arithmetic on";
            throw Errors.rt(t, "attempt to " + op + " a " + Errors.typeNameWithMeta(t, bad) + " value");
        }
        return t.call1(h, a, b);
    }
}
