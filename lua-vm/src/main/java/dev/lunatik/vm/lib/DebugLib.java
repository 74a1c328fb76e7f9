package dev.lunatik.vm.lib;

import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.interp.DebugFunctions;
import dev.lunatik.vm.value.LuaTable;

/**
 * The {@code debug} library of Lua 5.4 without {@code debug.debug}: {@code traceback getinfo
 * getlocal setlocal getupvalue setupvalue upvalueid upvaluejoin sethook gethook getmetatable
 * setmetatable getregistry getuservalue setuservalue}. The bodies live in
 * {@link DebugFunctions}, beside the interpreter, because they read frames and hooks.
 */
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
            LuaTable lib = new LuaTable();
            BaseLib.reg(lib, "traceback", DebugFunctions::traceback);
            BaseLib.reg(lib, "getinfo", DebugFunctions::getinfo);
            BaseLib.reg(lib, "getlocal", DebugFunctions::getlocal);
            BaseLib.reg(lib, "setlocal", DebugFunctions::setlocal);
            BaseLib.reg(lib, "getupvalue", DebugFunctions::getupvalue);
            BaseLib.reg(lib, "setupvalue", DebugFunctions::setupvalue);
            BaseLib.reg(lib, "upvalueid", DebugFunctions::upvalueid);
            BaseLib.reg(lib, "upvaluejoin", DebugFunctions::upvaluejoin);
            BaseLib.reg(lib, "sethook", DebugFunctions::sethook);
            BaseLib.reg(lib, "gethook", DebugFunctions::gethook);
            BaseLib.reg(lib, "getmetatable", DebugFunctions::getmetatable);
            BaseLib.reg(lib, "setmetatable", DebugFunctions::setmetatable);
            BaseLib.reg(lib, "getregistry", DebugFunctions::getregistry);
            BaseLib.reg(lib, "getuservalue", DebugFunctions::getuservalue);
            BaseLib.reg(lib, "setuservalue", DebugFunctions::setuservalue);
            return lib;
        }
    };
}
