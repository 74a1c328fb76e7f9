package dev.lunatik.stdlib;

import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaState;
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
            return new LuaTable();
        }
    };
}
