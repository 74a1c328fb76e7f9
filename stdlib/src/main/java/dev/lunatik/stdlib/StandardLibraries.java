package dev.lunatik.stdlib;

import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaState;
import java.util.List;

/**
 * The library sets a state is built with. A kernel runtime opens {@link #KERNEL} (base and
 * coroutine come with every state); the standalone {@code lunatik lua} also provides the
 * {@link #HOST_MODULES}, which a script must {@code require} (or {@code -l}) to get.
 */
public final class StandardLibraries {
    private StandardLibraries() {}

    /** What kernel Lua's {@code luaL_openlibs} opens after base and coroutine, in its order. */
    public static final List<LuaLibrary> KERNEL =
            List.of(PackageLib.LIBRARY, TableLib.LIBRARY, StringLib.LIBRARY, MathLib.LIBRARY, Utf8Lib.LIBRARY, LuaLibrary.debug());

    /** Host-only modules: found by {@code require}, never opened by default, never in a kernel runtime. */
    public static final List<LuaLibrary> HOST_MODULES = List.of(IoLib.LIBRARY, OsLib.LIBRARY);

    /**
     * A builder for a kernel-flavour state with kernel Lua's standard libraries open. Lunatik's
     * own modules ({@code linux}, {@code lunatik}, {@code data}, ...) bind the simulated kernel and
     * come from {@code kernel-model} ({@code dev.lunatik.kernel.libs.Lunatik#kernelState}).
     */
    public static LuaState.Builder kernel() {
        return LuaState.builder().libraries(KERNEL);
    }

    /** A builder for the standalone interpreter: the kernel libraries, plus {@code io}/{@code os} for {@code require}. */
    public static LuaState.Builder host() {
        return kernel().modules(HOST_MODULES);
    }
}
