package dev.lunatik.vm.interp;

import static dev.lunatik.vm.bytecode.Instruction.*;

import dev.lunatik.vm.bytecode.OpCode;
import dev.lunatik.vm.bytecode.Proto;
import dev.lunatik.vm.value.ChunkName;
import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;

/**
 * Names for messages, recovered from bytecode the way Lua's {@code ldebug.c} does: which variable
 * a register came from ("global 'x'", "local 'x'", "field 'x'", "method 'x'", "upvalue 'x'",
 * "constant 'x'"), what a called function is named, and tracebacks.
 */
final class DebugInfo {
    private DebugInfo() {}

    /** A name and its kind ("global", "local", "method", "field", "upvalue", "constant"). */
    record Name(String kind, String name) {}

    /** Source line of the instruction before {@code pc} of a Lua frame; -1 without line information (stripped). */
    static int currentLine(Proto p, int pc) {
        if (p.lineInfo.length == 0) return -1;
        int i = Math.max(pc - 1, 0);
        return i < p.lineInfo.length ? p.lineInfo[i] : p.lineDefined;
    }

    /** Lua's varinfo: " (kind 'name')" for register {@code reg} at {@code pc}, or "". */
    static String varInfo(Proto p, int pc, int reg) {
        Name n = objName(p, pc, reg);
        return n == null ? "" : " (" + n.kind + " '" + n.name + "')";
    }

    /** Varinfo for an upvalue operand. */
    static String upvalInfo(Proto p, int idx) {
        return " (upvalue '" + upvalName(p, idx) + "')";
    }

    static String upvalName(Proto p, int idx) {
        String s = idx < p.upvalues.length ? p.upvalues[idx].name() : null;
        return s == null ? "?" : s;
    }

    /** Name of the value in register {@code reg} just before instruction {@code pc}. */
    static Name objName(Proto p, int pc, int reg) {
        String local = p.localName(reg + 1, pc);
        if (local != null) return new Name("local", local);
        int setpc = findSetReg(p, pc, reg);
        if (setpc < 0) return null;
        int i = p.code[setpc];
        OpCode op = opCode(i);
        switch (op) {
            case MOVE: {
                int b = b(i);
                if (b < a(i)) return objName(p, setpc, b);
                return null;
            }
            case GETTABUP: {
                String k = kName(p, setpc, c(i));
                String t = upvalName(p, b(i));
                return new Name("_ENV".equals(t) ? "global" : "field", k);
            }
            case GETTABLE: {
                String k = kName(p, setpc, c(i));
                // the table is _ENV when it is a local or an upvalue of that name
                Name t = objName(p, setpc, b(i));
                boolean env = t != null && (t.kind().equals("local") || t.kind().equals("upvalue"))
                        && "_ENV".equals(t.name());
                return new Name(env ? "global" : "field", k);
            }
            case GETUPVAL:
                return new Name("upvalue", upvalName(p, b(i)));
            case LOADK:
            case LOADKX: {
                int k = op == OpCode.LOADK ? bx(i) : ax(p.code[setpc + 1]);
                if (p.constants[k] instanceof LuaString s) return new Name("constant", s.toString());
                return null;
            }
            case SELF:
                return new Name("method", kName(p, setpc, c(i)));
            default:
                return null;
        }
    }

    /** The name of key {@code rk} of the instruction at {@code pc}: a constant, or a register loaded with a string constant. */
    private static String kName(Proto p, int pc, int rk) {
        if (isK(rk) && p.constants[indexK(rk)] instanceof LuaString s) return s.toString();
        if (isK(rk) && p.constants[indexK(rk)] instanceof Long) return "integer index";
        if (!isK(rk)) {
            Name n = objName(p, pc, rk); // a key too far for RK was loaded into a register
            if (n != null && n.kind().equals("constant")) return n.name();
        }
        return "?";
    }

    /** Last instruction before {@code lastpc} that set register {@code reg}, or -1 (ldebug's findsetreg). */
    static int findSetReg(Proto p, int lastpc, int reg) {
        int setreg = -1;
        int jmptarget = 0;
        for (int pc = 0; pc < lastpc; pc++) {
            int i = p.code[pc];
            OpCode op = opCode(i);
            int a = a(i);
            boolean change;
            switch (op) {
                case LOADNIL:
                    change = a <= reg && reg <= a + b(i);
                    break;
                case TFORCALL:
                    change = reg >= a + 4;
                    break;
                case CALL:
                case TAILCALL:
                    change = reg >= a;
                    break;
                case JMP: {
                    int dest = pc + 1 + sbx(i);
                    if (pc < dest && dest <= lastpc && dest > jmptarget) jmptarget = dest;
                    change = false;
                    break;
                }
                case SELF:
                    change = reg == a || reg == a + 1;
                    break;
                default:
                    change = op.setsA && reg == a;
            }
            if (change) setreg = pc < jmptarget ? -1 : pc;
        }
        return setreg;
    }

    /**
     * How the function running in frame {@code fi} was named by its caller ("global 'f'",
     * "method 'm'", "metamethod 'index'", ...), or null.
     */
    static Name calledName(LuaThread t, int fi) {
        if (fi == t.finalizerFrame) return new Name("metamethod", "__gc");
        if (fi <= 0) return null;
        CallFrame f = t.frames[fi];
        if ((f.flags & CallFrame.TAIL) != 0) return null;
        if ((t.frames[fi - 1].flags & CallFrame.HOOKED) != 0) return new Name("hook", "?");
        if (f.cont == CallFrame.CONT_STORE || f.cont == CallFrame.CONT_COND || f.cont == CallFrame.CONT_DISCARD
                || f.cont == CallFrame.CONT_CONCAT || f.cont == CallFrame.CONT_CLOSE) {
            return metaName(t.frames[fi - 1]);
        }
        CallFrame caller = t.frames[fi - 1];
        if (caller.closure == null) return null;
        Proto p = caller.closure.p;
        int pc = caller.pc - 1;
        if (pc < 0 || pc >= p.code.length) return null;
        int i = p.code[pc];
        switch (opCode(i)) {
            case CALL:
            case TAILCALL:
                return objName(p, pc, a(i));
            case TFORCALL:
                return new Name("for iterator", "for iterator");
            default:
                return metaName(caller);
        }
    }

    /** The metamethod the instruction running in Lua frame {@code caller} calls ('index', 'add', ...), or null. */
    static Name metaName(CallFrame caller) {
        if (caller.closure == null) return null;
        Proto p = caller.closure.p;
        int pc = caller.pc - 1;
        if (pc < 0 || pc >= p.code.length) return null;
        String ev = switch (opCode(p.code[pc])) {
            case SELF, GETTABUP, GETTABLE -> "index";
            case SETTABUP, SETTABLE -> "newindex";
            case ADD -> "add";
            case SUB -> "sub";
            case MUL -> "mul";
            case MOD -> "mod";
            case IDIV -> "idiv";
            case BAND -> "band";
            case BOR -> "bor";
            case BXOR -> "bxor";
            case SHL -> "shl";
            case SHR -> "shr";
            case UNM -> "unm";
            case BNOT -> "bnot";
            case LEN -> "len";
            case CONCAT -> "concat";
            case EQ -> "eq";
            case LT -> "lt";
            case LE -> "le";
            case CLOSE, RETURN, TBC, JMP -> "close";
            default -> null;
        };
        return ev == null ? null : new Name("metamethod", ev);
    }

    /** A global name for function {@code fn}: "print", "coroutine.yield", or null. */
    static String globalFuncName(LuaThread t, Object fn) {
        LuaTable loaded = null;
        Object pkg = t.g.registry.rawget(LuaString.valueOf("_LOADED"));
        if (pkg instanceof LuaTable lt) loaded = lt;
        if (loaded == null) {
            String n = findField(t.g.globals, fn, "");
            if (n != null) return n;
            return null;
        }
        Object[] kv = null;
        Object k = null;
        while ((kv = loaded.next(k)) != null) {
            k = kv[0];
            if (kv[1] instanceof LuaTable lib && kv[0] instanceof LuaString ln) {
                Object[] e;
                Object key = null;
                while ((e = lib.next(key)) != null) {
                    key = e[0];
                    if (e[1] == fn && e[0] instanceof LuaString fname) {
                        String mod = ln.toString();
                        return mod.equals("_G") ? fname.toString() : mod + "." + fname;
                    }
                }
            }
        }
        return null;
    }

    private static String findField(LuaTable tab, Object fn, String prefix) {
        Object[] e;
        Object key = null;
        while ((e = tab.next(key)) != null) {
            key = e[0];
            if (e[1] == fn && e[0] instanceof LuaString s) return prefix + s;
        }
        if (!prefix.isEmpty()) return null;
        key = null;
        while ((e = tab.next(key)) != null) {
            key = e[0];
            if (e[1] instanceof LuaTable sub && sub != tab && e[0] instanceof LuaString s) {
                String n = findField(sub, fn, s + ".");
                if (n != null) return n;
            }
        }
        return null;
    }

    /** Describes frame {@code fi} for a traceback line ("function 'f'", "main chunk", ...). */
    static String describe(LuaThread t, int fi) {
        CallFrame f = t.frames[fi];
        Object fn = f.closure != null ? f.closure : f.jfunc;
        String g = globalFuncName(t, fn);
        if (g != null) return "function '" + g + "'";
        Name n = calledName(t, fi);
        if (n != null) return n.kind + " '" + n.name + "'";
        if (f.closure != null) {
            if (f.closure.p.lineDefined == 0) return "main chunk";
            return "function <" + ChunkName.shortSource(f.closure.p.source) + ":" + f.closure.p.lineDefined + ">";
        }
        return "?";
    }

    /** A Lua-style traceback of thread {@code t} from frame {@code level} (0 = top) down. */
    static String traceback(LuaThread t, String msg, int level) {
        StringBuilder sb = new StringBuilder();
        if (msg != null) sb.append(msg).append('\n');
        sb.append("stack traceback:");
        // the levels are the frames from the top down, then the host that started the thread ([C])
        // (a coroutine has no host level below its first frame)
        int last = t.isMain ? -1 : 0;
        int total = t.nframes - level - last;
        int shown = 0;
        for (int fi = t.nframes - 1 - level; fi >= last; fi--, shown++) {
            if (total > 22 && shown == 10) {
                int skip = total - 21;
                // Lua's message counts one level fewer than it skips; keep its wording exact
                sb.append("\n\t...\t(skipping ").append(skip - 1).append(" levels)");
                fi -= skip - 1;
                continue;
            }
            sb.append("\n\t");
            if (fi < 0) {
                sb.append("[C]: in ?");
                break;
            }
            CallFrame f = t.frames[fi];
            if (f.closure != null) {
                Proto p = f.closure.p;
                int line = currentLine(p, f.pc);
                sb.append(ChunkName.shortSource(p.source));
                if (line > 0) sb.append(':').append(line);
                sb.append(": in ");
            } else {
                sb.append("[C]: in ");
            }
            sb.append(describe(t, fi));
            if ((f.flags & CallFrame.TAIL) != 0) sb.append("\n\t(...tail calls...)");
        }
        return sb.toString();
    }

    /** Name of a Java function for argument errors: the call-site name, else its own. */
    static Name javaName(LuaThread t) {
        int fi = t.nframes - 1;
        if (fi < 0) return null;
        Name n = calledName(t, fi);
        if (n != null) return n;
        JavaFunction jf = t.frames[fi].closure == null ? t.frames[fi].jfunc : null;
        if (jf != null) {
            String g = globalFuncName(t, jf);
            if (g != null) return new Name("function", g);
            return new Name("function", jf.name());
        }
        return null;
    }
}
