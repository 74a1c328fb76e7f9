package dev.lunatik.vm.interp;

import dev.lunatik.vm.bytecode.Proto;
import dev.lunatik.vm.value.LuaFunction;

/** A Lua function: a prototype plus its captured upvalues. STUB: in progress. */
public final class LuaClosure extends LuaFunction {
    public final Proto p;

    public LuaClosure(Proto p) {
        this.p = p;
    }

    @Override
    public String name() {
        return "?";
    }
}
