package dev.lunatik.stdlib;

import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;

/**
 * The {@code math} library, kernel flavour (lunatik-semantics 1.8): exactly {@code abs max min
 * tointeger ult maxinteger mininteger}; integers only.
 *
 * <ul>
 *   <li>{@code abs} takes an integer (numeric strings are converted, as kernel
 *       {@code luaL_checkinteger} does) and wraps on {@code mininteger}.
 *   <li>{@code max}/{@code min} are stock Lua's: at least one value ("value expected"), compared
 *       with {@code <} and its metamethods, so mixed types raise the comparison error.
 *   <li>{@code tointeger} is {@code lua_tointegerx}: an integer, or a string holding an integer
 *       numeral (Lua 5.4.7 converts strings too: {@code math.tointeger("8")} is 8; a float numeral
 *       like {@code "8.0"} is not a numeral in kernel Lua, so it gives fail); any other value
 *       gives fail (nil); no argument is "value expected".
 * </ul>
 */
public final class MathLib {
    private MathLib() {}

    /** The library, for {@link LuaState#openLibrary} or {@link LuaState#provideModule}. */
    public static final LuaLibrary LIBRARY = new LuaLibrary() {
        @Override
        public String name() {
            return "math";
        }

        @Override
        public Object open(LuaState state) {
            LuaTable lib = new LuaTable(0, 8);
            JavaFunction.registerLeaf(lib, "abs", MathLib::abs);
            JavaFunction.registerLeaf(lib, "max", MathLib::max);
            JavaFunction.registerLeaf(lib, "min", MathLib::min);
            JavaFunction.registerLeaf(lib, "tointeger", MathLib::tointeger);
            JavaFunction.registerLeaf(lib, "ult", MathLib::ult);
            lib.rawset("maxinteger", Long.valueOf(Long.MAX_VALUE));
            lib.rawset("mininteger", Long.valueOf(Long.MIN_VALUE));
            return lib;
        }
    };

    private static int abs(LuaStack t, int base, int nargs) {
        long n = t.checkInteger(base, nargs, 1);
        t.setInt(base, n < 0 ? -n : n);
        return 1;
    }

    private static int max(LuaStack t, int base, int nargs) {
        return extreme(t, base, nargs, true);
    }

    private static int min(LuaStack t, int base, int nargs) {
        return extreme(t, base, nargs, false);
    }

    /** Index of the largest (or smallest) argument; the first one wins ties, as in Lua. */
    private static int extreme(LuaStack t, int base, int nargs, boolean max) {
        if (nargs < 1) throw t.argError(1, "value expected");
        int best = base;
        for (int i = base + 1; i < base + nargs; i++) {
            boolean better;
            if (t.isInt(best) && t.isInt(i)) {
                better = max ? t.intAt(best) < t.intAt(i) : t.intAt(i) < t.intAt(best);
            } else {
                better = max ? t.lessThan(t.get(best), t.get(i)) : t.lessThan(t.get(i), t.get(best));
            }
            if (better) best = i;
        }
        if (best != base) {
            if (t.isInt(best)) t.setInt(base, t.intAt(best));
            else t.set(base, t.refAt(best));
        }
        return 1;
    }

    private static int tointeger(LuaStack t, int base, int nargs) {
        if (nargs >= 1) {
            if (t.isInt(base)) return 1;
            if (t.refAt(base) instanceof LuaString s) {
                Long v = Lua.str2int(s);
                t.set(base, v);
                return 1;
            }
        }
        t.checkAny(base, nargs, 1);
        t.set(base, null);
        return 1;
    }

    private static int ult(LuaStack t, int base, int nargs) {
        long a = t.checkInteger(base, nargs, 1);
        long b = t.checkInteger(base, nargs, 2);
        t.set(base, Long.compareUnsigned(a, b) < 0 ? Boolean.TRUE : Boolean.FALSE);
        return 1;
    }
}
