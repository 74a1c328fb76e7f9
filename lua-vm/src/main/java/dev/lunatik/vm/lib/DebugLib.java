package dev.lunatik.vm.lib;

import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.LuaTable;

/** The {@code debug} library (not yet written). It lives beside the interpreter because it reads frames and hooks. */
public final class DebugLib {
    private DebugLib() {}

    /** The library, for {@link LuaState#openLibrary}. */
    public static final LuaLibrary LIBRARY = new LuaLibrary() {
        @Override
        public String name() {
            return "debug";
        }

        @Override
        public Object open(LuaState state) {
            return new LuaTable();
        }
    };
}
