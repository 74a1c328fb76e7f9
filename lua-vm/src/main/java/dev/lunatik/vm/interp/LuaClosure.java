package dev.lunatik.vm.interp;

import dev.lunatik.vm.bytecode.Proto;
import dev.lunatik.vm.value.LuaFunction;

/** A Lua function: a prototype plus its captured upvalues. */
public final class LuaClosure extends LuaFunction {
    public final Proto p;
    public final UpVal[] upvals;
    /**
     * The first upvalue ({@code upvals[0]}, null when there is none), which frameless compiled
     * code reads from here, a load fewer than through the array: a recursive function's own
     * upvalue is read on the path from one call to the next (see {@link UpVal}).
     * {@link #joinUpval} keeps it.
     */
    UpVal up0;

    public LuaClosure(Proto p, UpVal[] upvals) {
        this.p = p;
        this.upvals = upvals;
        this.up0 = upvals.length > 0 ? upvals[0] : null;
    }

    /** Makes upvalue {@code n} the upvalue {@code u} ({@code debug.upvaluejoin}). */
    void joinUpval(int n, UpVal u) {
        upvals[n] = u;
        if (n == 0) up0 = u;
    }

    @Override
    public String name() {
        return "function <" + dev.lunatik.vm.value.ChunkName.shortSource(p.source) + ":" + p.lineDefined + ">";
    }
}
