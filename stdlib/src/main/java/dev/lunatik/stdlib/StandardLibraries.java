package dev.lunatik.stdlib;

import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.lib.DebugLib;
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
            List.of(PackageLib.LIBRARY, TableLib.LIBRARY, StringLib.LIBRARY, MathLib.LIBRARY, Utf8Lib.LIBRARY, DebugLib.LIBRARY);

    /** Lunatik's own modules: found by {@code require} in a kernel state (for example {@code local linux = require "linux"}). */
    public static final List<LuaLibrary> LUNATIK_MODULES = List.of(LinuxLib.LIBRARY,
            dev.lunatik.stdlib.lunatik.LunatikLib.LIBRARY, dev.lunatik.stdlib.lunatik.RcuLib.LIBRARY,
            dev.lunatik.stdlib.lunatik.DataLib.LIBRARY, dev.lunatik.stdlib.lunatik.ThreadLib.LIBRARY,
            dev.lunatik.stdlib.lunatik.CompletionLib.LIBRARY, dev.lunatik.stdlib.lunatik.FifoLib.LIBRARY,
            dev.lunatik.stdlib.lunatik.LuaModule.MAILBOX, dev.lunatik.stdlib.lunatik.LuaModule.RUNNER,
            dev.lunatik.stdlib.lunatik.DeviceLib.LIBRARY, dev.lunatik.stdlib.lunatik.SocketLib.LIBRARY,
            dev.lunatik.stdlib.lunatik.LuaModule.INET, dev.lunatik.stdlib.lunatik.LuaModule.NET);

    /** Host-only modules: found by {@code require}, never opened by default, never in a kernel runtime. */
    public static final List<LuaLibrary> HOST_MODULES = List.of(IoLib.LIBRARY, OsLib.LIBRARY);

    /** A builder for a kernel-flavour state with every kernel library open. */
    public static LuaState.Builder kernel() {
        return LuaState.builder().libraries(KERNEL).modules(LUNATIK_MODULES);
    }

    /** A builder for the standalone interpreter: the kernel libraries, plus {@code io}/{@code os} for {@code require}. */
    public static LuaState.Builder host() {
        return kernel().modules(HOST_MODULES);
    }
}
