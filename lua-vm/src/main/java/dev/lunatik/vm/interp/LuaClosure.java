package dev.lunatik.vm.interp;

import dev.lunatik.vm.bytecode.Proto;
import dev.lunatik.vm.value.LuaFunction;

/** A Lua function: a prototype plus its captured upvalues. */
public final class LuaClosure extends LuaFunction {
    public final Proto p;
    public final UpVal[] upvals;

    public LuaClosure(Proto p, UpVal[] upvals) {
        this.p = p;
        this.upvals = upvals;
    }

    @Override
    public String name() {
        return "function <" + dev.lunatik.vm.value.ChunkName.shortSource(p.source) + ":" + p.lineDefined + ">";
    }
}
