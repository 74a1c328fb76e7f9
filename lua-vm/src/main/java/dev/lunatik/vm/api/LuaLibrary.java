package dev.lunatik.vm.api;

/**
 * A library written in Java, the counterpart of a C library's {@code luaopen_<name>} function.
 * A state either opens it at once ({@link LuaState#openLibrary}, as {@code luaL_openlibs} does
 * with the standard libraries) or only provides it ({@link LuaState#provideModule}), so that
 * {@code require(name)} finds it by name, the way kernel Lua finds a C module that is already
 * linked into the kernel.
 *
 * <p>Every state has the base and coroutine libraries; {@link #debug()} is the VM's third. The
 * other standard libraries ({@code package}, {@code string}, {@code table}, {@code math},
 * {@code utf8}, and the host-only {@code io} and {@code os}) are in the {@code stdlib} module,
 * listed by {@code dev.lunatik.stdlib.StandardLibraries}.
 *
 * <pre>{@code
 * LuaLibrary greeter = new LuaLibrary() {
 *     public String name() { return "greeter"; }
 *     public Object open(LuaState state) {
 *         LuaTable lib = new LuaTable();
 *         JavaFunction.register(lib, "hello", (L, base, nargs) -> {
 *             L.set(base, LuaString.valueOf("hello, " + L.checkString(base, nargs, 1)));
 *             return 1;
 *         });
 *         return lib;
 *     }
 * };
 * }</pre>
 */
public interface LuaLibrary {
    /** The module name: its global name and its key in {@code package.loaded} ({@code "_G"} for the base library). */
    String name();

    /** Builds the module value (usually a table of functions) for {@code state}; called at most once per state. */
    Object open(LuaState state);

    /** The {@code debug} library (the VM's own, since it reads the interpreter's frames). */
    static LuaLibrary debug() {
        return dev.lunatik.vm.lib.DebugLib.LIBRARY;
    }
}
