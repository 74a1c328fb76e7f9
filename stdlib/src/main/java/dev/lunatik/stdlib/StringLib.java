package dev.lunatik.stdlib;

import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.interp.Loader;
import dev.lunatik.vm.interp.LuaClosure;
import dev.lunatik.vm.interp.LuaThread;
import dev.lunatik.vm.lib.BaseLib;
import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;

/** The {@code string} library (not yet written). */
public final class StringLib {
    private StringLib() {}

    /** The library, for {@link LuaState#openLibrary} or {@link LuaState#provideModule}. */
    public static final LuaLibrary LIBRARY = new LuaLibrary() {
        @Override
        public String name() {
            return "string";
        }

        @Override
        public Object open(LuaState state) {
            LuaTable lib = new LuaTable();
            BaseLib.reg(lib, "dump", StringLib::dump);
            return lib;
        }
    };

    /** {@code string.dump(f [, strip])}: the binary chunk of a Lua function. */
    static int dump(LuaThread t, int base, int nargs) {
        Object f = t.arg(base, nargs, 1);
        if (!(f instanceof LuaFunction)) throw t.typeError(base, nargs, 1, "function");
        if (!(f instanceof LuaClosure c)) throw t.error("unable to dump given function");
        boolean strip = Lua.isTruthy(t.arg(base, nargs, 2));
        t.set(base, LuaString.wrap(Loader.dump(t, c, strip)));
        return 1;
    }
}
