package dev.lunatik.vm.interp;

import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaString;

/**
 * {@code pcall} and {@code xpcall}. The callee runs as an ordinary frame above the pcall frame
 * with a PCALL/XPCALL continuation, so a coroutine may yield inside it; errors are caught by the
 * interpreter's handler ({@link Interpreter#handleError}) at that frame.
 */
public final class Protected {
    private Protected() {}

    /** A new {@code pcall} function. */
    public static JavaFunction pcall() {
        return new SpecialFunction("pcall") {
            @Override
            int enter(LuaThread t, CallFrame f, int nargs) {
                if (nargs < 1) throw t.argError(1, "value expected");
                return run(t, f.base, nargs - 1, CallFrame.CONT_PCALL);
            }
        };
    }

    /** A new {@code xpcall} function. */
    public static JavaFunction xpcall() {
        return new SpecialFunction("xpcall") {
            @Override
            int enter(LuaThread t, CallFrame f, int nargs) {
                Object h = nargs >= 2 ? t.get(f.base + 1) : null;
                if (!(h instanceof dev.lunatik.vm.value.LuaFunction)) {
                    throw t.argError(2, "function expected, got " + (nargs < 2 ? "no value" : dev.lunatik.vm.value.Lua.typeName(h)));
                }
                f.handler = h;
                t.stk[f.base + 1] = t.stk[f.base];
                t.num[f.base + 1] = t.num[f.base];
                return run(t, f.base + 1, nargs - 2, CallFrame.CONT_XPCALL);
            }
        };
    }

    private static int run(LuaThread t, int fn, int nargs, int cont) {
        int pcallIndex = t.nframes - 1;
        t.nprot++; // undone when the frame returns (postCall) or fails (failProtected)
        try {
            if (t.g.nCcalls + t.nprot > t.g.javaCallLimit) throw new LuaError(LuaString.valueOf("C stack overflow"));
            return Interpreter.precall(t, fn, nargs, -1, cont, 0);
        } catch (LuaError e) {
            // raised while setting up the call or inside a Java callee
            return Interpreter.failProtected(t, pcallIndex, fn, cont == CallFrame.CONT_XPCALL, e.messageHandled(), e.value());
        }
    }
}
