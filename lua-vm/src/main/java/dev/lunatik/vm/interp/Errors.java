package dev.lunatik.vm.interp;

import dev.lunatik.vm.bytecode.Proto;
import dev.lunatik.vm.value.ChunkName;
import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import dev.lunatik.vm.value.LuaUserdata;
import dev.lunatik.vm.value.MetaEvent;

/**
 * The one factory for runtime error messages, worded as PUC Lua words them
 * ({@code luaG_typeerror}, {@code luaG_opinterror}, {@code luaL_argerror}, ...), with the
 * {@code chunk:line:} position of the Lua code that caused them.
 */
public final class Errors {
    private Errors() {}

    /**
     * "chunk:line: " for the frame {@code level} levels below the top (0 = running function), or
     * "" when that frame is not a Lua function (Lua's {@code luaL_where}).
     */
    public static String where(LuaThread t, int level) {
        return where(t, level, false);
    }

    /**
     * {@link #where(LuaThread, int)}; a frame without line information (a stripped binary chunk)
     * gives "" as luaL_where does, or "?:-1: " with {@code always} as luaG_runerror does.
     */
    private static String where(LuaThread t, int level, boolean always) {
        int fi = t.nframes - 1 - level;
        if (fi < 0 || fi >= t.nframes) return "";
        CallFrame f = t.frames[fi];
        if (f.closure == null) return "";
        Proto p = f.closure.p;
        int line = DebugInfo.currentLine(p, f.pc);
        if (line <= 0 && !always) return "";
        return ChunkName.shortSource(p.source) + ":" + line + ": ";
    }

    /** A runtime error raised by the running function (position of the top frame if Lua). */
    public static LuaError rt(LuaThread t, String msg) {
        return new LuaError(LuaString.valueOf(where(t, 0, true) + msg));
    }

    /** "bad argument #n to 'name' (msg)" for the running Java function. */
    static LuaError argError(LuaThread t, int n, String msg) {
        DebugInfo.Name name = DebugInfo.javaName(t);
        if (name != null && name.kind().equals("method")) {
            n--;
            if (n == 0) return new LuaError(LuaString.valueOf(where(t, 1) + "calling '" + name.name() + "' on bad self (" + msg + ")"));
        }
        String fname = name == null ? "?" : name.name();
        return new LuaError(LuaString.valueOf(where(t, 1) + "bad argument #" + n + " to '" + fname + "' (" + msg + ")"));
    }

    /** Type name honouring a string {@code __name} metafield (luaL_typename-with-__name). */
    static String typeNameWithMeta(LuaThread t, Object v) {
        LuaTable mt = t.g.metatableOf(v);
        if (mt != null && (v instanceof LuaTable || v instanceof LuaUserdata)) {
            Object n = mt.rawget(MetaEvent.NAME.key);
            if (n instanceof LuaString s) return s.toString();
        }
        return Lua.typeName(v);
    }

    /** "attempt to {op} a {type} value{varinfo}" for an operand of the running Lua frame. */
    static LuaError typeError(LuaThread t, Object ref, String op, String varinfo) {
        String tn = typeNameWithMeta(t, ref == Lua.INT ? Long.valueOf(0) : ref);
        return rt(t, "attempt to " + op + " a " + tn + " value" + varinfo);
    }

    /** Varinfo for a register operand of the instruction being executed in the top frame. */
    static String regInfo(LuaThread t, int reg) {
        CallFrame f = t.topFrame();
        if (f.closure == null) return "";
        return DebugInfo.varInfo(f.closure.p, f.pc - 1, reg);
    }

    /** Varinfo for an RK operand: a register is named from the bytecode, a string constant is "constant 'x'". */
    static String rkInfo(LuaThread t, int rk) {
        if (dev.lunatik.vm.bytecode.Instruction.isK(rk)) {
            CallFrame f = t.topFrame();
            Object k = f.closure.p.constants[dev.lunatik.vm.bytecode.Instruction.indexK(rk)];
            if (k instanceof LuaString s) return " (constant '" + s + "')";
            return "";
        }
        return regInfo(t, rk);
    }

    /** "attempt to compare two table values" / "attempt to compare number with nil". */
    static LuaError compareError(LuaThread t, Object a, Object b) {
        String t1 = typeNameWithMeta(t, a == Lua.INT ? Long.valueOf(0) : a);
        String t2 = typeNameWithMeta(t, b == Lua.INT ? Long.valueOf(0) : b);
        if (t1.equals(t2)) return rt(t, "attempt to compare two " + t1 + " values");
        return rt(t, "attempt to compare " + t1 + " with " + t2);
    }
}
