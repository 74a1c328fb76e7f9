package dev.lunatik.vm.lib;

import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.interp.Coroutines;
import dev.lunatik.vm.interp.Errors;
import dev.lunatik.vm.interp.LuaThread;
import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;

/**
 * The {@code coroutine} library: {@code create resume yield status wrap isyieldable running
 * close}. Coroutines are separate Lua stacks switched by the interpreter (see
 * {@link Coroutines}), never Java threads.
 */
public final class CoroutineLib {
    private CoroutineLib() {}

    /** The coroutine library, opened by every state built with {@code openLibs(true)}. */
    public static final LuaLibrary LIBRARY = new LuaLibrary() {
        @Override
        public String name() {
            return "coroutine";
        }

        @Override
        public Object open(LuaState state) {
            return CoroutineLib.open();
        }
    };

    static LuaTable open() {
        LuaTable co = new LuaTable();
        BaseLib.reg(co, "create", (th, base, n) -> {
            Object f = th.arg(base, n, 1);
            if (!(f instanceof LuaFunction)) throw th.argError(1, "function expected" + BaseLib.gotSuffix(th, base, n, 1));
            th.set(base, th.newCoroutine(f));
            return 1;
        });
        BaseLib.reg(co, "resume", (th, base, n) -> {
            LuaThread c = checkCo(th, base, n, 1);
            Object[] args = new Object[Math.max(n - 1, 0)];
            for (int i = 0; i < args.length; i++) args[i] = th.get(base + 1 + i);
            Coroutines.Result r = Coroutines.resume(th, c, args);
            Object[] vals = r.values();
            if (!th.checkStack(base, vals.length + 1)) {
                th.set(base, Boolean.FALSE);
                th.set(base + 1, LuaString.valueOf("too many results to resume"));
                return 2;
            }
            th.set(base, r.ok());
            for (int i = 0; i < vals.length; i++) th.set(base + 1 + i, vals[i]);
            return vals.length + 1;
        });
        co.rawset("yield", Coroutines.yield());
        BaseLib.reg(co, "status", (th, base, n) -> {
            LuaThread c = checkCo(th, base, n, 1);
            th.set(base, LuaString.valueOf(c.statusFrom(th)));
            return 1;
        });
        BaseLib.reg(co, "running", (th, base, n) -> {
            th.set(base, th);
            th.set(base + 1, th.isMain());
            return 2;
        });
        BaseLib.reg(co, "isyieldable", (th, base, n) -> {
            LuaThread c = n >= 1 ? checkCo(th, base, n, 1) : th;
            th.set(base, c == th ? th.isYieldable() : !c.isMain());
            return 1;
        });
        BaseLib.reg(co, "wrap", (th, base, n) -> {
            Object f = th.arg(base, n, 1);
            if (!(f instanceof LuaFunction)) throw th.argError(1, "function expected" + BaseLib.gotSuffix(th, base, n, 1));
            LuaThread c = th.newCoroutine(f);
            th.set(base, JavaFunction.capturing("wrap", (L2, b2, n2) -> {
                LuaThread t2 = (LuaThread) L2;
                Object[] args = new Object[n2];
                for (int i = 0; i < n2; i++) args[i] = t2.get(b2 + i);
                Coroutines.Result r = Coroutines.resume(t2, c, args);
                Object[] vals = r.values();
                if (!r.ok()) {
                    Object err = vals.length > 0 ? vals[0] : null;
                    if (c.statusName().equals("dead")) {
                        // closing runs its pending __close handlers, which may replace the error
                        Coroutines.Result closed = Coroutines.close(t2, c);
                        if (!closed.ok()) err = closed.values()[0];
                    }
                    if (err instanceof LuaString s) err = LuaString.valueOf(Errors.where(t2, 1)).concat(s);
                    throw new LuaError(err);
                }
                if (!t2.checkStack(b2, vals.length)) throw t2.error("too many results to resume");
                for (int i = 0; i < vals.length; i++) t2.set(b2 + i, vals[i]);
                return vals.length;
            }, c));
            return 1;
        });
        BaseLib.reg(co, "close", (th, base, n) -> {
            LuaThread c = checkCo(th, base, n, 1);
            Coroutines.Result r = Coroutines.close(th, c);
            th.set(base, r.ok());
            if (r.ok()) return 1;
            th.set(base + 1, r.values()[0]);
            return 2;
        });
        return co;
    }

    private static LuaThread checkCo(LuaThread t, int base, int n, int i) {
        Object v = t.arg(base, n, i);
        if (v instanceof LuaThread c) return c;
        throw t.argError(i, "thread expected" + BaseLib.gotSuffix(t, base, n, i));
    }
}
