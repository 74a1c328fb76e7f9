package dev.lunatik.vm.interp;

import dev.lunatik.vm.bytecode.Proto;
import dev.lunatik.vm.value.ChunkName;
import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import dev.lunatik.vm.value.LuaUserdata;

/**
 * The bodies of the {@code debug} library's functions ({@code lib.DebugLib} registers them). They
 * live in the interpreter's package because they read call frames, locals, upvalues and hooks.
 * Each has the {@link JavaFunction.Body} signature. Semantics are Lua 5.4's {@code ldblib.c}.
 *
 * <p>Levels: level 0 is the running function of the thread (the debug function itself when the
 * thread is the caller's), level 1 its caller, and so on; the main thread has one more level
 * below its first frame, the host that started it (shown as {@code [C]} as in tracebacks).
 */
public final class DebugFunctions {
    private DebugFunctions() {}

    private static final LuaString C_SOURCE = LuaString.valueOf("=[C]");

    // ------------------------------------------------------------------ helpers

    /** Thread argument: the thread named by argument 1, or the caller's; {@code off} = 1 when given. */
    private static LuaThread threadArg(LuaThread t, int base, int nargs) {
        if (nargs >= 1 && t.stk[base] instanceof LuaThread co) return co;
        return null;
    }

    /**
     * Frame index of {@code level} in thread {@code th}, -1 for the host pseudo-level of the main
     * thread, or Integer.MIN_VALUE when out of range.
     */
    private static int frameAt(LuaThread th, long level) {
        if (level < 0) return Integer.MIN_VALUE;
        long fi = th.nframes - 1 - level;
        if (fi >= 0) return (int) fi;
        if (fi == -1 && th.isMain && th.nframes > 0) return -1;
        return Integer.MIN_VALUE;
    }

    private static int ret1(LuaThread t, int base, Object v) {
        t.set(base, v);
        return 1;
    }

    private static LuaString s(String v) {
        return LuaString.valueOf(v);
    }

    // ------------------------------------------------------------------ getinfo

    /** {@code debug.getinfo([thread,] f | level [, what])}. */
    public static int getinfo(LuaThread t, int base, int nargs) {
        LuaThread th = threadArg(t, base, nargs);
        int arg = th != null ? 1 : 0;
        if (th == null) th = t;
        LuaString opt = t.optString(base, nargs, arg + 2, null);
        String options = opt == null ? "flnSrtu" : opt.toString();
        if (options.startsWith(">")) throw t.argError(arg + 2, "invalid option '>'");
        Object fn = t.arg(base, nargs, arg + 1);
        int fi = Integer.MIN_VALUE;
        CallFrame f = null;
        if (!(fn instanceof LuaFunction)) {
            long level = t.checkInteger(base, nargs, arg + 1);
            fi = frameAt(th, level);
            if (fi == Integer.MIN_VALUE) return ret1(t, base, null);
            if (fi >= 0) {
                f = th.frames[fi];
                fn = f.closure != null ? f.closure : f.jfunc;
            } else {
                fn = null; // the host
            }
        }
        for (int k = 0; k < options.length(); k++) {
            if ("SlunrtLf".indexOf(options.charAt(k)) < 0) throw t.argError(arg + 2, "invalid option");
        }
        LuaTable r = new LuaTable();
        LuaClosure cl = fn instanceof LuaClosure c ? c : null;
        Proto p = cl != null ? cl.p : null;
        if (options.indexOf('S') >= 0) {
            if (p != null) {
                r.rawset(s("source"), s(p.source));
                r.rawset(s("short_src"), s(ChunkName.shortSource(p.source)));
                r.rawset(s("linedefined"), (long) p.lineDefined);
                r.rawset(s("lastlinedefined"), (long) p.lastLineDefined);
                r.rawset(s("what"), s(p.lineDefined == 0 ? "main" : "Lua"));
            } else {
                r.rawset(s("source"), C_SOURCE);
                r.rawset(s("short_src"), s("[C]"));
                r.rawset(s("linedefined"), -1L);
                r.rawset(s("lastlinedefined"), -1L);
                r.rawset(s("what"), s("C"));
            }
        }
        if (options.indexOf('l') >= 0) {
            long line = f != null && p != null ? DebugInfo.currentLine(p, f.pc) : -1;
            r.rawset(s("currentline"), line);
        }
        if (options.indexOf('u') >= 0) {
            r.rawset(s("nups"), (long) (cl != null ? cl.upvals.length : fn instanceof JavaFunction jf ? jf.upvalueCount() : 0));
            r.rawset(s("nparams"), (long) (p != null ? p.numParams : 0));
            r.rawset(s("isvararg"), p == null || p.isVararg);
        }
        if (options.indexOf('n') >= 0) {
            DebugInfo.Name n = fi >= 0 ? funcName(th, fi) : null;
            if (n != null) r.rawset(s("name"), s(n.name()));
            r.rawset(s("namewhat"), s(n != null ? n.kind() : ""));
        }
        if (options.indexOf('r') >= 0) {
            r.rawset(s("ftransfer"), f != null ? (long) f.ftransfer : 0L);
            r.rawset(s("ntransfer"), f != null ? (long) f.ntransfer : 0L);
        }
        if (options.indexOf('t') >= 0) {
            r.rawset(s("istailcall"), f != null && (f.flags & CallFrame.TAIL) != 0);
        }
        if (options.indexOf('L') >= 0 && p != null) {
            LuaTable lines = new LuaTable();
            for (int line : p.lineInfo) lines.rawset(Long.valueOf(line), Boolean.TRUE);
            r.rawset(s("activelines"), lines);
        }
        if (options.indexOf('f') >= 0 && fn != null) r.rawset(s("func"), fn);
        return ret1(t, base, r);
    }

    /** Lua 5.4's getfuncname: how the caller named the function of frame {@code fi}. */
    private static DebugInfo.Name funcName(LuaThread th, int fi) {
        CallFrame f = th.frames[fi];
        if (fi == th.finalizerFrame) return new DebugInfo.Name("metamethod", "__gc");
        if ((f.flags & CallFrame.TAIL) != 0) return null;
        if (fi > 0 && (th.frames[fi - 1].flags & CallFrame.HOOKED) != 0) return new DebugInfo.Name("hook", "?");
        if (fi > 0 && th.frames[fi - 1].closure == null) return null; // called from Java
        return DebugInfo.calledName(th, fi);
    }

    // ------------------------------------------------------------------ locals

    /** Name of local {@code n} of frame {@code fi} of {@code th} and its stack slot, or null. */
    private static String localName(LuaThread th, int fi, long n, int[] slot) {
        if (fi < 0) return null;
        CallFrame f = th.frames[fi];
        if (f.closure != null) {
            Proto p = f.closure.p;
            if (n < 0) {
                int nv = p.isVararg ? f.nvarargs : 0;
                if (-n <= nv) {
                    slot[0] = f.varargBase + (int) (-n) - 1;
                    return "(vararg)";
                }
                return null;
            }
            if (n > 0 && n <= Integer.MAX_VALUE) {
                String name = p.localName((int) n, Math.max(f.pc - 1, 0));
                if (name != null) {
                    slot[0] = f.base + (int) n - 1;
                    return name;
                }
            }
        }
        if (n <= 0) return null;
        int limit = fi == th.nframes - 1 ? f.top : th.frames[fi + 1].func;
        if (limit - f.base >= n) {
            slot[0] = f.base + (int) n - 1;
            return f.closure != null ? "(temporary)" : "(C temporary)";
        }
        return null;
    }

    /** {@code debug.getlocal([thread,] f | level, n)}. */
    public static int getlocal(LuaThread t, int base, int nargs) {
        LuaThread th = threadArg(t, base, nargs);
        int arg = th != null ? 1 : 0;
        if (th == null) th = t;
        long n = t.checkInteger(base, nargs, arg + 2);
        Object fn = t.arg(base, nargs, arg + 1);
        if (fn instanceof LuaFunction) {
            String name = null;
            if (fn instanceof LuaClosure cl && n > 0 && n <= Integer.MAX_VALUE) name = cl.p.localName((int) n, 0);
            return ret1(t, base, name == null ? null : s(name));
        }
        long level = t.checkInteger(base, nargs, arg + 1);
        int fi = frameAt(th, level);
        if (fi == Integer.MIN_VALUE) throw t.argError(arg + 1, "level out of range");
        int[] slot = new int[1];
        String name = localName(th, fi, n, slot);
        if (name == null) return ret1(t, base, null);
        Object v = th.get(slot[0]);
        t.set(base, s(name));
        t.set(base + 1, v);
        return 2;
    }

    /** {@code debug.setlocal([thread,] level, n, value)}. */
    public static int setlocal(LuaThread t, int base, int nargs) {
        LuaThread th = threadArg(t, base, nargs);
        int arg = th != null ? 1 : 0;
        if (th == null) th = t;
        long level = t.checkInteger(base, nargs, arg + 1);
        long n = t.checkInteger(base, nargs, arg + 2);
        int fi = frameAt(th, level);
        if (fi == Integer.MIN_VALUE) throw t.argError(arg + 1, "level out of range");
        Object v = t.checkAny(base, nargs, arg + 3);
        int[] slot = new int[1];
        String name = localName(th, fi, n, slot);
        if (name == null) return ret1(t, base, null);
        th.set(slot[0], v);
        th.frames[fi].flags |= CallFrame.LOCALS_SET; // compiled code keeps registers in locals: take them again
        return ret1(t, base, s(name));
    }

    // ------------------------------------------------------------------ upvalues

    private static void checkFunction(LuaThread t, int base, int nargs, int n) {
        if (!(t.arg(base, nargs, n) instanceof LuaFunction) || n > nargs) {
            throw t.typeError(base, nargs, n, "function");
        }
    }

    /** {@code debug.getupvalue(f, n)}: name and value, or nothing. */
    public static int getupvalue(LuaThread t, int base, int nargs) {
        long n = t.checkInteger(base, nargs, 2);
        checkFunction(t, base, nargs, 1);
        if (t.stk[base] instanceof LuaClosure cl && n >= 1 && n <= cl.upvals.length) {
            int k = (int) n - 1;
            String name = k < cl.p.upvalues.length ? cl.p.upvalues[k].name() : null;
            t.set(base, s(name == null ? "(no name)" : name));
            t.set(base + 1, cl.upvals[k].getBoxed());
            return 2;
        }
        if (t.stk[base] instanceof JavaFunction jf && n >= 1 && n <= jf.upvalueCount()) {
            t.set(base, s("")); // as a C closure's: upvalues have no names
            t.set(base + 1, jf.getUpvalue((int) n - 1));
            return 2;
        }
        return 0;
    }

    /** {@code debug.setupvalue(f, n, value)}: the name, or nothing. */
    public static int setupvalue(LuaThread t, int base, int nargs) {
        Object v = t.checkAny(base, nargs, 3);
        long n = t.checkInteger(base, nargs, 2);
        checkFunction(t, base, nargs, 1);
        if (t.stk[base] instanceof LuaClosure cl && n >= 1 && n <= cl.upvals.length) {
            int k = (int) n - 1;
            String name = k < cl.p.upvalues.length ? cl.p.upvalues[k].name() : null;
            cl.upvals[k].setBoxed(v);
            return ret1(t, base, s(name == null ? "(no name)" : name));
        }
        if (t.stk[base] instanceof JavaFunction jf && n >= 1 && n <= jf.upvalueCount()) {
            jf.setUpvalue((int) n - 1, v);
            return ret1(t, base, s(""));
        }
        return 0;
    }

    private static UpVal upval(LuaThread t, int base, int nargs, int argf, int argn) {
        long n = t.checkInteger(base, nargs, argn);
        checkFunction(t, base, nargs, argf);
        if (t.get(base + argf - 1) instanceof LuaClosure cl && n >= 1 && n <= cl.upvals.length) {
            return cl.upvals[(int) n - 1];
        }
        return null;
    }

    /**
     * {@code debug.upvalueid(f, n)}: a light-userdata-like identity for the upvalue (the upvalue
     * object itself: type "userdata", equal exactly when two closures share the variable), or nil.
     */
    public static int upvalueid(LuaThread t, int base, int nargs) {
        UpVal u = upval(t, base, nargs, 1, 2);
        if (u == null && t.stk[base] instanceof JavaFunction jf) {
            long n = t.checkInteger(base, nargs, 2);
            if (n >= 1 && n <= jf.upvalueCount()) return ret1(t, base, jf.upvalueId((int) n - 1));
        }
        return ret1(t, base, u);
    }

    /** {@code debug.upvaluejoin(f1, n1, f2, n2)}. */
    public static int upvaluejoin(LuaThread t, int base, int nargs) {
        if (upval(t, base, nargs, 1, 2) == null) throw t.argError(2, "invalid upvalue index");
        UpVal u2 = upval(t, base, nargs, 3, 4);
        if (u2 == null) throw t.argError(4, "invalid upvalue index");
        if (!(t.stk[base] instanceof LuaClosure cl1)) throw t.argError(1, "Lua function expected");
        if (!(t.stk[base + 2] instanceof LuaClosure)) throw t.argError(3, "Lua function expected");
        cl1.joinUpval((int) t.checkInteger(base, nargs, 2) - 1, u2);
        return 0;
    }

    // ------------------------------------------------------------------ hooks

    /** {@code debug.sethook([thread,] f, mask [, count])}; no function: hooks off. */
    public static int sethook(LuaThread t, int base, int nargs) {
        LuaThread th = threadArg(t, base, nargs);
        int arg = th != null ? 1 : 0;
        if (th == null) th = t;
        Object hook = null;
        int mask = 0;
        int count = 0;
        if (!t.isNoneOrNil(base, nargs, arg + 1)) {
            LuaString smask = t.checkString(base, nargs, arg + 2);
            t.checkType(base, nargs, arg + 1, "function");
            long c = t.optInteger(base, nargs, arg + 3, 0);
            count = (int) Math.max(Math.min(c, Integer.MAX_VALUE), Integer.MIN_VALUE);
            String m = smask.toString();
            if (m.indexOf('c') >= 0) mask |= Hooks.MASK_CALL;
            if (m.indexOf('r') >= 0) mask |= Hooks.MASK_RET;
            if (m.indexOf('l') >= 0) mask |= Hooks.MASK_LINE;
            if (count > 0) mask |= Hooks.MASK_COUNT;
            hook = t.get(base + arg);
        }
        if (mask == 0) hook = null;
        th.hook = hook;
        th.baseHookCount = count;
        th.hookCount = count;
        th.setHookMask(mask);
        hookTable(t).rawset(th, hook);
        return 0;
    }

    private static final LuaString HOOKKEY = LuaString.valueOf("_HOOKKEY");

    /**
     * The registry's {@code _HOOKKEY} table, threads (weak keys) to their hook functions, as
     * Lua's debug library keeps it (a script may look); the hooks themselves run from the thread.
     */
    private static LuaTable hookTable(LuaThread t) {
        if (t.g.registry.rawget(HOOKKEY) instanceof LuaTable h) return h;
        LuaTable h = new LuaTable();
        LuaTable mt = new LuaTable();
        mt.rawset(LuaString.intern("__mode"), LuaString.valueOf("k"));
        t.g.setMetatable(h, mt);
        t.g.registry.rawset(HOOKKEY, h);
        return h;
    }

    /** {@code debug.gethook([thread])}: function, mask, count; or fail when no hook is set. */
    public static int gethook(LuaThread t, int base, int nargs) {
        LuaThread th = threadArg(t, base, nargs);
        if (th == null) th = t;
        if (th.hookMask == 0) return ret1(t, base, null);
        StringBuilder m = new StringBuilder();
        if ((th.hookMask & Hooks.MASK_CALL) != 0) m.append('c');
        if ((th.hookMask & Hooks.MASK_RET) != 0) m.append('r');
        if ((th.hookMask & Hooks.MASK_LINE) != 0) m.append('l');
        t.ensure(base + 3 + GlobalState.MIN_STACK);
        t.set(base, th.hook);
        t.set(base + 1, s(m.toString()));
        t.setInt(base + 2, th.baseHookCount);
        return 3;
    }

    // ------------------------------------------------------------------ metatables, registry, user values

    /** {@code debug.getmetatable(v)}: the raw metatable of any value. */
    public static int getmetatable(LuaThread t, int base, int nargs) {
        Object v = t.checkAny(base, nargs, 1);
        return ret1(t, base, t.g.metatableOf(v));
    }

    /** {@code debug.setmetatable(v, mt)}: sets the metatable of any value (per type for non-tables). */
    public static int setmetatable(LuaThread t, int base, int nargs) {
        Object v = t.arg(base, nargs, 1);
        Object m = t.arg(base, nargs, 2);
        if (!(m == null || m instanceof LuaTable) || nargs < 2) throw t.typeError(base, nargs, 2, "nil or table");
        LuaTable mt = (LuaTable) m;
        t.g.setMetatable(v, mt); // registers a __gc finalizer as setmetatable does
        t.set(base, v);
        return 1;
    }

    /** {@code debug.getregistry()}. */
    public static int getregistry(LuaThread t, int base, int nargs) {
        return ret1(t, base, t.g.registry);
    }

    /** {@code debug.getuservalue(u [, n])}: value and true, or fail. */
    public static int getuservalue(LuaThread t, int base, int nargs) {
        long n = t.optInteger(base, nargs, 2, 1);
        if (!(t.arg(base, nargs, 1) instanceof LuaUserdata u)) return ret1(t, base, null);
        if (n < 1 || n > u.userValueCount()) return ret1(t, base, null);
        t.set(base, u.userValue());
        t.set(base + 1, Boolean.TRUE);
        return 2;
    }

    /** {@code debug.setuservalue(u, v [, n])}: u, or fail when u has no such user value. */
    public static int setuservalue(LuaThread t, int base, int nargs) {
        if (!(t.arg(base, nargs, 1) instanceof LuaUserdata u) || nargs < 1) {
            throw t.typeError(base, nargs, 1, "userdata");
        }
        Object v = t.checkAny(base, nargs, 2);
        long n = t.optInteger(base, nargs, 3, 1);
        if (n < 1 || n > u.userValueCount()) return ret1(t, base, null);
        u.setUserValue(v);
        return ret1(t, base, u);
    }

    // ------------------------------------------------------------------ traceback

    /** {@code debug.traceback([thread,] [message [, level]])}. */
    public static int traceback(LuaThread t, int base, int nargs) {
        LuaThread th = threadArg(t, base, nargs);
        int arg = th != null ? 1 : 0;
        if (th == null) th = t;
        Object msg = t.arg(base, nargs, arg + 1);
        if (msg != null && !(msg instanceof LuaString) && !(msg instanceof Long)) return ret1(t, base, msg);
        long level = t.optInteger(base, nargs, arg + 2, th == t ? 1 : 0);
        String m = msg == null ? null : Lua.typeName(msg).equals("number") ? String.valueOf(msg) : msg.toString();
        int lv = (int) Math.max(Math.min(level, Integer.MAX_VALUE), 0);
        return ret1(t, base, s(DebugInfo.traceback(th, m, lv)));
    }
}
