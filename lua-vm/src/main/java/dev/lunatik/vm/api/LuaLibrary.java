package dev.lunatik.vm.api;

/**
 * A library written in Java, the counterpart of a C library's {@code luaopen_<name>} function.
 * A state either opens it at once ({@link LuaState#openLibrary}, as {@code luaL_openlibs} does
 * with the standard libraries) or only provides it ({@link LuaState#provideModule}), so that
 * {@code require(name)} finds it by name, the way kernel Lua finds a C module that is already
 * linked into the kernel.
 */
public interface LuaLibrary {
    /** The module name: its global name and its key in {@code package.loaded} ({@code "_G"} for the base library). */
    String name();

    /** Builds the module value (usually a table of functions) for {@code state}; called at most once per state. */
    Object open(LuaState state);
}
