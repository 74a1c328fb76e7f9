package dev.lunatik.vm.lib;

import dev.lunatik.vm.interp.LuaThread;
import dev.lunatik.vm.interp.Meta;
import dev.lunatik.vm.value.JavaFunction;
import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import dev.lunatik.vm.value.MetaEvent;

/**
 * String-to-number coercion for arithmetic, done as Lua 5.4 does it: through arithmetic
 * metamethods in the string metatable ({@code __add __sub __mul __mod __idiv __unm}; kernel Lua
 * has no {@code __div}/{@code __pow}). {@code "10"+1} is 11; {@code "1.5"+1} raises
 * "attempt to add a 'string' with a 'number'". Bitwise operators do not coerce strings.
 */
public final class StringArith {
    private static final MetaEvent[] EVENTS = {
        MetaEvent.ADD, MetaEvent.SUB, MetaEvent.MUL, MetaEvent.MOD, MetaEvent.IDIV, MetaEvent.UNM
    };

    private StringArith() {}

    /** Creates the string metatable (if needed) and installs the arithmetic metamethods. */
    public static LuaTable install(LuaThread t) {
        LuaTable mt = t.g.stringMeta;
        if (mt == null) {
            mt = new LuaTable();
            t.g.stringMeta = mt;
        }
        for (MetaEvent ev : EVENTS) mt.rawset(ev.key, metamethod(ev));
        return mt;
    }

    private static Long toInt(Object v) {
        if (v instanceof Long l) return l;
        if (v instanceof LuaString s) return Lua.str2int(s);
        return null;
    }

    private static JavaFunction metamethod(MetaEvent ev) {
        return JavaFunction.of(ev.key.toString(), (t, base, n) -> {
            Object a = t.arg(base, n, 1);
            Object b = t.arg(base, n, 2);
            Long x = toInt(a);
            Long y = toInt(b);
            if (x != null && y != null) {
                t.set(base, Meta.arith(t, ev == MetaEvent.UNM ? MetaEvent.SUB : ev, ev == MetaEvent.UNM ? 0L : x, ev == MetaEvent.UNM ? x : y));
                return 1;
            }
            // try the second operand's metamethod, as lstrlib's trymt does
            if (!(b instanceof LuaString)) {
                Object h = Meta.metafield(t, b, ev);
                if (h != null) {
                    t.set(base, t.call1(h, a, b));
                    return 1;
                }
            }
            throw t.error("attempt to " + ev.shortName + " a '" + Lua.typeName(a) + "' with a '" + Lua.typeName(b) + "'");
        });
    }

}
