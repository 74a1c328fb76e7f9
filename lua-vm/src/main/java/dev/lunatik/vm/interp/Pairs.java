package dev.lunatik.vm.interp;

import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.vm.value.MetaEvent;

/**
 * {@code pairs}. A {@code __pairs} metamethod runs as an ordinary frame above the pairs frame (its
 * first three results become pairs' results), so a coroutine may yield inside it.
 */
public final class Pairs {
    private Pairs() {}

    /** A new {@code pairs} function returning {@code next} for tables without {@code __pairs}. */
    public static JavaFunction pairs(JavaFunction next) {
        return new SpecialFunction("pairs") {
            @Override
            int enter(LuaThread t, CallFrame f, int nargs) {
                int base = f.base;
                t.checkAny(base, nargs, 1);
                Object o = t.get(base);
                Object h = Meta.metafield(t, o, MetaEvent.PAIRS);
                if (h == null) {
                    t.ensure(base + 3 + GlobalState.MIN_STACK);
                    t.set(base, next);
                    t.set(base + 1, o);
                    t.set(base + 2, null);
                    Interpreter.postCall(t, f, base, 3);
                    return Interpreter.DONE;
                }
                int fn = base + 1;
                t.ensure(fn + 2 + GlobalState.MIN_STACK);
                t.set(fn, h);
                t.set(fn + 1, o);
                return Interpreter.precall(t, fn, 1, -1, CallFrame.CONT_RESULTS, 3);
            }
        };
    }
}
