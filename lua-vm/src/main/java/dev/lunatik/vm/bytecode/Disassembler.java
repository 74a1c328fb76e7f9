package dev.lunatik.vm.bytecode;

import static dev.lunatik.vm.bytecode.Instruction.*;

import dev.lunatik.vm.value.LuaString;

/**
 * Human-readable listings of compiled functions, in the style of {@code luac -l} (and of
 * {@code luac -l -l} when {@code full}): one line per instruction with its index, source line,
 * opcode and operands, followed by a comment naming constants, upvalues and jump targets.
 * Constant operands (RK or Bx constants) print as negative numbers {@code -1-index}, as luac 5.3
 * does. Nested functions are listed after their parent, depth first.
 */
public final class Disassembler {
    private Disassembler() {}

    /** The listing of {@code p} and all functions nested in it. */
    public static String list(Proto p, boolean full) {
        StringBuilder sb = new StringBuilder();
        list(sb, p, full, true);
        return sb.toString();
    }

    private static void list(StringBuilder sb, Proto p, boolean full, boolean first) {
        if (!first) sb.append('\n');
        header(sb, p);
        for (int pc = 0; pc < p.code.length; pc++) instruction(sb, p, pc);
        if (full) details(sb, p);
        for (Proto q : p.protos) list(sb, q, full, false);
    }

    private static String sourceName(Proto p) {
        String s = p.source == null ? "=?" : p.source;
        if (s.startsWith("@") || s.startsWith("=")) return s.substring(1);
        return "(string)";
    }

    private static String plural(int n) {
        return n == 1 ? "" : "s";
    }

    private static void header(StringBuilder sb, Proto p) {
        int n = p.code.length;
        sb.append(p.lineDefined == 0 ? "main" : "function").append(" <").append(sourceName(p)).append(':')
                .append(p.lineDefined).append(',').append(p.lastLineDefined).append("> (").append(n)
                .append(" instruction").append(plural(n)).append(")\n");
        sb.append(p.numParams).append(p.isVararg ? "+" : "").append(" param").append(plural(p.numParams))
                .append(", ").append(p.maxStackSize).append(" slot").append(plural(p.maxStackSize))
                .append(", ").append(p.upvalues.length).append(" upvalue").append(plural(p.upvalues.length))
                .append(", ").append(p.locVars.length).append(" local").append(plural(p.locVars.length))
                .append(", ").append(p.constants.length).append(" constant").append(plural(p.constants.length))
                .append(", ").append(p.protos.length).append(" function").append(plural(p.protos.length))
                .append('\n');
    }

    private static int rk(int x) {
        return isK(x) ? -1 - indexK(x) : x;
    }

    private static String upvalName(Proto p, int i) {
        if (i >= 0 && i < p.upvalues.length && p.upvalues[i].name() != null) return p.upvalues[i].name();
        return "-";
    }

    private static String constant(Proto p, int k) {
        if (k < 0 || k >= p.constants.length) return "?";
        return constantText(p.constants[k]);
    }

    private static String rkComment(Proto p, int x) {
        return isK(x) ? constant(p, indexK(x)) : "-";
    }

    /** Formats a constant as luac does: strings quoted with escapes. */
    public static String constantText(Object v) {
        if (v == null) return "nil";
        if (v instanceof Boolean || v instanceof Long) return v.toString();
        if (v instanceof LuaString s) {
            StringBuilder sb = new StringBuilder("\"");
            for (int i = 0; i < s.length(); i++) {
                int c = s.byteAt(i) & 0xFF;
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case 7 -> sb.append("\\a");
                    case '\b' -> sb.append("\\b");
                    case '\f' -> sb.append("\\f");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    case 11 -> sb.append("\\v");
                    default -> {
                        if (c >= 32 && c < 127) sb.append((char) c);
                        else sb.append('\\').append(String.format("%03d", c));
                    }
                }
            }
            return sb.append('"').toString();
        }
        return "?" + v;
    }

    private static void instruction(StringBuilder sb, Proto p, int pc) {
        int i = p.code[pc];
        OpCode op = opCode(i);
        int a = a(i);
        int b = b(i);
        int c = c(i);
        int bx = bx(i);
        int sbx = sbx(i);
        sb.append('\t').append(pc + 1).append('\t');
        int line = pc < p.lineInfo.length ? p.lineInfo[pc] : 0;
        sb.append(line > 0 ? "[" + line + "]" : "[-]").append('\t');
        sb.append(String.format("%-9s", op.name())).append('\t');
        String operands;
        String comment = null;
        switch (op) {
            case MOVE, LOADNIL, GETUPVAL, SETUPVAL, UNM, BNOT, NOT, LEN, RETURN, VARARG -> operands = a + " " + b;
            case LOADK -> {
                operands = a + " " + (-1 - bx);
                comment = constant(p, bx);
            }
            case LOADKX, TBC, CLOSE -> operands = String.valueOf(a);
            case LOADI -> operands = a + " " + sbx;
            case LOADBOOL, NEWTABLE, CONCAT, TESTSET, CALL, SETLIST -> operands = a + " " + b + " " + c;
            case TAILCALL -> operands = a + " " + b;
            case GETTABUP -> {
                operands = a + " " + b + " " + rk(c);
                comment = upvalName(p, b) + (isK(c) ? " " + constant(p, indexK(c)) : "");
            }
            case GETTABLE, SELF -> {
                operands = a + " " + b + " " + rk(c);
                if (isK(c)) comment = constant(p, indexK(c));
            }
            case SETTABUP -> {
                operands = a + " " + rk(b) + " " + rk(c);
                comment = upvalName(p, a) + (isK(b) ? " " + constant(p, indexK(b)) : "")
                        + (isK(c) ? " " + constant(p, indexK(c)) : "");
            }
            case SETTABLE, ADD, SUB, MUL, MOD, IDIV, BAND, BOR, BXOR, SHL, SHR, EQ, LT, LE -> {
                operands = a + " " + rk(b) + " " + rk(c);
                if (isK(b) || isK(c)) comment = rkComment(p, b) + " " + rkComment(p, c);
            }
            case JMP, FORLOOP, FORPREP, TFORPREP, TFORLOOP -> {
                operands = a + " " + sbx;
                comment = "to " + (sbx + pc + 2);
            }
            case TEST, TFORCALL -> operands = a + " " + c;
            case CLOSURE -> {
                operands = a + " " + bx;
                if (bx < p.protos.length) {
                    Proto q = p.protos[bx];
                    comment = "function <" + sourceName(q) + ":" + q.lineDefined + "," + q.lastLineDefined + ">";
                }
            }
            case EXTRAARG -> {
                operands = String.valueOf(-1 - ax(i));
                comment = constant(p, ax(i));
            }
            default -> operands = a + " " + b + " " + c;
        }
        switch (op) {
            case GETUPVAL, SETUPVAL -> comment = upvalName(p, b);
            case SETLIST -> comment = c == 0 && pc + 1 < p.code.length ? String.valueOf(ax(p.code[pc + 1])) : null;
            default -> { }
        }
        sb.append(operands);
        if (comment != null) sb.append("\t; ").append(comment);
        sb.append('\n');
    }

    private static void details(StringBuilder sb, Proto p) {
        sb.append("constants (").append(p.constants.length).append("):\n");
        for (int i = 0; i < p.constants.length; i++) {
            sb.append('\t').append(i + 1).append('\t').append(constantText(p.constants[i])).append('\n');
        }
        sb.append("locals (").append(p.locVars.length).append("):\n");
        for (int i = 0; i < p.locVars.length; i++) {
            Proto.LocVar v = p.locVars[i];
            sb.append('\t').append(i).append('\t').append(v.name()).append('\t').append(v.startPc() + 1)
                    .append('\t').append(v.endPc() + 1).append('\n');
        }
        sb.append("upvalues (").append(p.upvalues.length).append("):\n");
        for (int i = 0; i < p.upvalues.length; i++) {
            Proto.UpvalDesc u = p.upvalues[i];
            sb.append('\t').append(i).append('\t').append(u.name() == null ? "-" : u.name()).append('\t').append(u.inStack() ? 1 : 0)
                    .append('\t').append(u.index()).append('\n');
        }
    }
}
