package dev.lunatik.vm.interp;

/** A coroutine: its own Lua stack and call frames. STUB: in progress. */
public final class LuaThread {
}
