package dev.lunatik.vm.bytecode;

import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaString;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Binary chunks: {@link #dump} writes a {@link Proto} tree as bytes ({@code string.dump},
 * {@code luac -o}) and {@link #undump} reads them back ({@code load} of a chunk starting with
 * ESC), rejecting anything corrupt or truncated with a {@link LuaError} worded as Lua's
 * {@code lundump.c} words it ({@code "name: bad binary format (truncated chunk)"}).
 *
 * <p>Layout (all multi-byte numbers little-endian; "varint" is an unsigned LEB128 int):
 *
 * <pre>
 *   header   "\x1bLua" 0x54 0 (format) LUAC_DATA("\x19\x93\r\n\x1a\n")
 *            4 (Instruction size) 8 (Integer size) 8 (Number size: an integer in kernel Lua)
 *            0x5678 as 8 bytes (LUAC_INT) 370 as 8 bytes (LUAC_NUM, 370.5 cast to kernel Lua's
 *            integer lua_Number): byte for byte the header kernel Lua (and luac) write
 *   marker   0xFF 'L' 'J' ENCODING(1: Lunatik 5.3-layout instructions), where Lua's chunks have
 *            their upvalue count and source: a chunk of stock or kernel Lua, whose instructions
 *            are encoded otherwise, is refused here
 *   byte     number of upvalues of the main function
 *   function source(string) linedefined(varint) lastlinedefined(varint)
 *            numparams(byte) is_vararg(byte) maxstacksize(byte)
 *            code: varint n, n x 4-byte words
 *            constants: varint n, each a tag byte (0 nil, 1 false, 17 true, 3 integer + 8 bytes,
 *                       4 string) and its payload
 *            upvalues: varint n, each instack(byte) index(byte)
 *            protos: varint n, n nested functions
 *            lineinfo: varint n (0 or the code size), n varint lines
 *            locvars: varint n, each name(string) startpc(varint) endpc(varint)
 *            upvalue names: varint n (0 or the upvalue count), n strings
 *   string   varint size: 0 = none, else the byte length + 1, then the bytes
 * </pre>
 *
 * <p>A nested function whose source equals its parent's stores none. Text (source, names) is
 * stored as UTF-8; string constants as their raw bytes. Every loaded function is checked by
 * {@link #verify} so that a corrupted but well-formed chunk cannot drive the interpreter outside
 * its registers, constants, upvalues, prototypes or code.
 */
public final class BinaryChunk {
    /** First byte of every binary chunk (and of no text chunk). */
    public static final byte ESC = 0x1B;
    static final byte VERSION = 0x54;
    /** The format byte: 0, the official format (as kernel Lua writes). */
    static final byte FORMAT = 0;
    static final byte[] LUAC_DATA = {0x19, (byte) 0x93, '\r', '\n', 0x1A, '\n'};
    static final long LUAC_INT = 0x5678;
    /** LUAC_NUM: Lua's 370.5, which kernel Lua's integer {@code lua_Number} holds as 370. */
    static final long LUAC_NUM = 370;
    /** After the header: what says the instructions are ours, and which encoding (1 = the Lua 5.3 field layout of {@link Instruction}). */
    static final byte[] MARKER = {(byte) 0xFF, 'L', 'J', 1};

    static final int T_NIL = 0;
    static final int T_FALSE = 1;
    static final int T_TRUE = 17;
    static final int T_INT = 3;
    static final int T_STR = 4;

    /** Deepest nesting of functions accepted when loading (Lua's LUAI_MAXCCALLS). */
    static final int MAX_NESTING = 200;

    private BinaryChunk() {}

    // ------------------------------------------------------------------ writing

    /** The binary chunk of {@code p}; {@code strip} leaves out line info, local and upvalue names, and the source. */
    public static byte[] dump(Proto p, boolean strip) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(ESC);
        out.write('L');
        out.write('u');
        out.write('a');
        out.write(VERSION);
        out.write(FORMAT);
        out.writeBytes(LUAC_DATA);
        out.write(4);
        out.write(8);
        out.write(8);
        writeLong(out, LUAC_INT);
        writeLong(out, LUAC_NUM);
        out.writeBytes(MARKER);
        out.write(p.upvalues.length);
        dumpFunction(out, p, null, strip);
        return out.toByteArray();
    }

    private static void dumpFunction(ByteArrayOutputStream out, Proto p, String parentSource, boolean strip) {
        String src = strip || p.source == null || p.source.equals(parentSource) ? null : p.source;
        writeString(out, src == null ? null : src.getBytes(StandardCharsets.UTF_8));
        writeVarint(out, p.lineDefined);
        writeVarint(out, p.lastLineDefined);
        out.write(p.numParams);
        out.write(p.isVararg ? 1 : 0);
        out.write(p.maxStackSize);
        writeVarint(out, p.code.length);
        for (int w : p.code) writeInt(out, w);
        writeVarint(out, p.constants.length);
        for (Object k : p.constants) {
            if (k == null) {
                out.write(T_NIL);
            } else if (k instanceof Boolean b) {
                out.write(b ? T_TRUE : T_FALSE);
            } else if (k instanceof Long l) {
                out.write(T_INT);
                writeLong(out, l);
            } else if (k instanceof LuaString s) {
                out.write(T_STR);
                writeString(out, s.bytes());
            } else {
                throw new IllegalArgumentException("constant of unexpected type " + k.getClass());
            }
        }
        writeVarint(out, p.upvalues.length);
        for (Proto.UpvalDesc u : p.upvalues) {
            out.write(u.inStack() ? 1 : 0);
            out.write(u.index());
        }
        writeVarint(out, p.protos.length);
        for (Proto c : p.protos) dumpFunction(out, c, p.source, strip);
        if (strip) {
            writeVarint(out, 0);
            writeVarint(out, 0);
            writeVarint(out, 0);
            return;
        }
        writeVarint(out, p.lineInfo.length);
        for (int l : p.lineInfo) writeVarint(out, l);
        writeVarint(out, p.locVars.length);
        for (Proto.LocVar v : p.locVars) {
            writeString(out, v.name() == null ? null : v.name().getBytes(StandardCharsets.UTF_8));
            writeVarint(out, v.startPc());
            writeVarint(out, v.endPc());
        }
        writeVarint(out, p.upvalues.length);
        for (Proto.UpvalDesc u : p.upvalues) {
            writeString(out, u.name() == null ? null : u.name().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void writeVarint(ByteArrayOutputStream out, int v) {
        while ((v & ~0x7F) != 0) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    private static void writeLong(ByteArrayOutputStream out, long v) {
        for (int i = 0; i < 8; i++) out.write((int) (v >>> (8 * i)));
    }

    private static void writeString(ByteArrayOutputStream out, byte[] b) {
        if (b == null) {
            writeVarint(out, 0);
            return;
        }
        writeVarint(out, b.length + 1);
        out.writeBytes(b);
    }

    // ------------------------------------------------------------------ reading

    /** Whether {@code b} starts like a binary chunk (its first byte is ESC). */
    public static boolean isBinary(byte[] b) {
        return b.length > 0 && b[0] == ESC;
    }

    /**
     * Reads binary chunk {@code b}; {@code chunkName} names it in error messages (as lundump.c
     * does: "=x" and "@x" give x, a name that is itself a binary chunk gives "binary string").
     * Raises a {@link LuaError} for anything truncated, corrupt or from another build.
     */
    public static Proto undump(byte[] b, String chunkName) {
        return new Reader(b, chunkName).chunk();
    }

    /** What lundump.c calls the chunk in its messages: "=x"/"@x" give x, a binary chunk name gives "binary string". */
    static String displayName(String chunkName) {
        if (chunkName == null) return "?";
        if (chunkName.isEmpty()) return "";
        char c = chunkName.charAt(0);
        if (c == '@' || c == '=') return chunkName.substring(1);
        if (c == ESC) return "binary string";
        return chunkName;
    }

    private static final class Reader {
        private final byte[] b;
        private final String name;
        private int pos;

        Reader(byte[] b, String chunkName) {
            this.b = b;
            this.name = displayName(chunkName);
        }

        LuaError error(String why) {
            return new LuaError(name + ": bad binary format (" + why + ")");
        }

        Proto chunk() {
            checkLiteral(new byte[] {ESC, 'L', 'u', 'a'}, "not a binary chunk");
            if (readByte() != (VERSION & 0xFF)) throw error("version mismatch");
            if (readByte() != (FORMAT & 0xFF)) throw error("format mismatch");
            checkLiteral(LUAC_DATA, "corrupted chunk");
            if (readByte() != 4) throw error("Instruction size mismatch");
            if (readByte() != 8) throw error("lua_Integer size mismatch");
            if (readByte() != 8) throw error("lua_Number size mismatch");
            if (readLong() != LUAC_INT) throw error("integer format mismatch");
            if (readLong() != LUAC_NUM) throw error("float format mismatch"); // a chunk of a Lua with floats
            checkLiteral(MARKER, "not a lunatik-jvm chunk: Lua's own chunks encode their instructions otherwise");
            int nup = readByte();
            Proto p = function(null, 0);
            if (p.upvalues.length != nup) throw error("corrupted chunk");
            if (pos != b.length) throw error("corrupted chunk (extra bytes)");
            return p;
        }

        private void checkLiteral(byte[] lit, String why) {
            for (byte x : lit) {
                if (pos >= b.length) throw error("truncated chunk");
                if (b[pos++] != x) throw error(why);
            }
        }

        private int readByte() {
            if (pos >= b.length) throw error("truncated chunk");
            return b[pos++] & 0xFF;
        }

        private long readLong() {
            if (b.length - pos < 8) throw error("truncated chunk");
            long v = 0;
            for (int i = 0; i < 8; i++) v |= (long) (b[pos + i] & 0xFF) << (8 * i);
            pos += 8;
            return v;
        }

        private int readInt() {
            if (b.length - pos < 4) throw error("truncated chunk");
            int v = (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8 | (b[pos + 2] & 0xFF) << 16 | (b[pos + 3] & 0xFF) << 24;
            pos += 4;
            return v;
        }

        /** An unsigned varint that fits a non-negative int. */
        private int readVarint() {
            int v = 0;
            for (int shift = 0; ; shift += 7) {
                int x = readByte();
                if (shift == 28 && (x & 0xF8) != 0) throw error("integer overflow");
                v |= (x & 0x7F) << shift;
                if ((x & 0x80) == 0) return v;
            }
        }

        /** A count of items each taking at least {@code minSize} bytes: checked against what is left. */
        private int readCount(int minSize) {
            int n = readVarint();
            if ((long) n * minSize > b.length - pos) throw error("truncated chunk");
            return n;
        }

        private byte[] readBytes() {
            int n = readVarint();
            if (n == 0) return null;
            n--;
            if (n > b.length - pos) throw error("truncated chunk");
            byte[] r = java.util.Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return r;
        }

        private String readText() {
            byte[] r = readBytes();
            return r == null ? null : new String(r, StandardCharsets.UTF_8);
        }

        Proto function(String parentSource, int depth) {
            if (depth > MAX_NESTING) throw error("functions nested too deep");
            String source = readText();
            if (source == null) source = parentSource != null ? parentSource : "=?";
            int lineDefined = readVarint();
            int lastLineDefined = readVarint();
            int numParams = readByte();
            int vararg = readByte();
            int maxStack = readByte();
            if (vararg > 1) throw error("corrupted chunk");
            int[] code = new int[readCount(4)];
            for (int i = 0; i < code.length; i++) code[i] = readInt();
            Object[] k = new Object[readCount(1)];
            for (int i = 0; i < k.length; i++) {
                int tag = readByte();
                switch (tag) {
                    case T_NIL -> k[i] = null;
                    case T_FALSE -> k[i] = Boolean.FALSE;
                    case T_TRUE -> k[i] = Boolean.TRUE;
                    case T_INT -> k[i] = readLong();
                    case T_STR -> {
                        byte[] s = readBytes();
                        if (s == null) throw error("corrupted chunk");
                        k[i] = LuaString.intern(LuaString.wrap(s));
                    }
                    default -> throw error("corrupted chunk (bad constant tag)");
                }
            }
            int nup = readCount(2);
            boolean[] inStack = new boolean[nup];
            int[] upIndex = new int[nup];
            for (int i = 0; i < nup; i++) {
                int s = readByte();
                if (s > 1) throw error("corrupted chunk");
                inStack[i] = s == 1;
                upIndex[i] = readByte();
            }
            Proto[] protos = new Proto[readCount(1)];
            for (int i = 0; i < protos.length; i++) protos[i] = function(source, depth + 1);
            int nlines = readCount(1);
            if (nlines != 0 && nlines != code.length) throw error("corrupted chunk (line info)");
            int[] lines = new int[nlines];
            for (int i = 0; i < nlines; i++) lines[i] = readVarint();
            Proto.LocVar[] locs = new Proto.LocVar[readCount(3)];
            for (int i = 0; i < locs.length; i++) {
                String n = readText();
                if (n == null) throw error("corrupted chunk");
                locs[i] = new Proto.LocVar(n, readVarint(), readVarint());
            }
            int nnames = readCount(1);
            if (nnames != 0 && nnames != nup) throw error("corrupted chunk (upvalue names)");
            Proto.UpvalDesc[] ups = new Proto.UpvalDesc[nup];
            for (int i = 0; i < nup; i++) {
                String n = nnames == 0 ? null : readText();
                ups[i] = new Proto.UpvalDesc(n, inStack[i], upIndex[i]);
            }
            Proto p = new Proto(source, lineDefined, lastLineDefined, numParams, vararg != 0, maxStack,
                    code, k, protos, ups, lines, locs);
            String why = verify(p);
            if (why != null) throw error("corrupted chunk (" + why + ")");
            return p;
        }
    }

    // ------------------------------------------------------------------ verification

    /**
     * Checks what the interpreter takes for granted about {@code p} (not its nested functions):
     * every register operand below {@code maxStackSize}, every constant, upvalue and prototype
     * index in range, jump targets inside the code, the code ending in RETURN, conditional skips
     * landing on an instruction, EXTRAARG where LOADKX / SETLIST expect it, "up to top" operands
     * only right after the instruction that sets top, and nested functions capturing registers and
     * upvalues that exist. Returns null when all holds, else what is wrong.
     *
     * <p>It does not check value types (the interpreter checks those at run time) nor that a
     * register is written before it is read (registers always hold some value).
     */
    public static String verify(Proto p) {
        int n = p.code.length;
        int ms = p.maxStackSize;
        int nk = p.constants.length;
        int nup = p.upvalues.length;
        int np = p.protos.length;
        if (ms > Instruction.MAXARG_A || p.numParams > ms) return "bad stack size";
        if (n == 0 || Instruction.op(p.code[n - 1]) != Op.RETURN) {
            return "code must end with RETURN";
        }
        for (Proto c : p.protos) {
            for (Proto.UpvalDesc u : c.upvalues) {
                if (u.inStack() ? u.index() >= ms : u.index() >= nup) return "bad upvalue in nested function";
            }
        }
        int nops = OpCode.values().length;
        // instructions that are the target of a jump (an "up to top" operand must not be one)
        boolean[] target = new boolean[n];
        for (int pc = 0; pc < n; pc++) {
            int i = p.code[pc];
            int op = Instruction.op(i);
            if (op >= nops) return "bad opcode at " + (pc + 1);
            OpCode o = OpCode.of(op);
            if (o == OpCode.JMP || o == OpCode.FORLOOP || o == OpCode.FORPREP || o == OpCode.TFORPREP
                    || o == OpCode.TFORLOOP) {
                long dest = (long) pc + 1 + Instruction.sbx(i);
                if (o == OpCode.FORPREP) dest++;
                if (dest < 0 || dest >= n) return "jump out of range at " + (pc + 1);
                target[(int) dest] = true;
            } else if (o == OpCode.EQ || o == OpCode.LT || o == OpCode.LE || o == OpCode.TEST || o == OpCode.TESTSET
                    || o == OpCode.LOADBOOL && Instruction.c(i) != 0) {
                if (pc + 2 < n) target[pc + 2] = true;
            }
        }
        for (int pc = 0; pc < n; pc++) {
            int i = p.code[pc];
            OpCode o = Instruction.opCode(i);
            int a = Instruction.a(i);
            int b = Instruction.b(i);
            int c = Instruction.c(i);
            String bad = null;
            switch (o) {
                case MOVE, UNM, BNOT, NOT, LEN -> bad = reg(a, ms, reg(b, ms, null));
                case LOADK -> bad = reg(a, ms, Instruction.bx(i) < nk ? null : "constant");
                case LOADKX -> {
                    bad = reg(a, ms, null);
                    if (pc + 1 >= n || Instruction.opCode(p.code[pc + 1]) != OpCode.EXTRAARG
                            || Instruction.ax(p.code[pc + 1]) >= nk) bad = "EXTRAARG";
                }
                case LOADI -> bad = reg(a, ms, null);
                case LOADBOOL -> {
                    bad = reg(a, ms, null);
                    if (c != 0 && pc + 2 >= n) bad = "skip";
                }
                case LOADNIL -> bad = a + b < ms ? null : "register";
                case GETUPVAL -> bad = reg(a, ms, b < nup ? null : "upvalue");
                case SETUPVAL -> bad = reg(a, ms, b < nup ? null : "upvalue");
                case GETTABUP -> bad = reg(a, ms, b < nup ? rk(c, ms, nk) : "upvalue");
                case GETTABLE -> bad = reg(a, ms, reg(b, ms, rk(c, ms, nk)));
                case SETTABUP -> bad = a < nup ? first(rk(b, ms, nk), rk(c, ms, nk)) : "upvalue";
                case SETTABLE -> bad = reg(a, ms, first(rk(b, ms, nk), rk(c, ms, nk)));
                case NEWTABLE -> bad = reg(a, ms, null);
                case SELF -> bad = reg(a + 1, ms, reg(b, ms, rk(c, ms, nk)));
                case ADD, SUB, MUL, MOD, IDIV, BAND, BOR, BXOR, SHL, SHR ->
                        bad = reg(a, ms, first(rk(b, ms, nk), rk(c, ms, nk)));
                case CONCAT -> bad = reg(a, ms, reg(b, ms, reg(c, ms, b <= c ? null : "operand")));
                case JMP -> bad = a <= ms ? null : "register";
                case EQ, LT, LE -> {
                    bad = first(rk(b, ms, nk), rk(c, ms, nk));
                    if (pc + 2 >= n) bad = "skip";
                }
                case TEST -> {
                    bad = reg(a, ms, null);
                    if (pc + 2 >= n) bad = "skip";
                }
                case TESTSET -> {
                    bad = reg(a, ms, reg(b, ms, null));
                    if (pc + 2 >= n) bad = "skip";
                }
                case CALL -> {
                    bad = reg(a, ms, null);
                    if (b != 0 ? a + b > ms : !topSetBefore(p, pc, a + 1, target)) bad = "arguments";
                    if (c != 0 && a + c - 1 > ms) bad = "results";
                }
                case TAILCALL -> {
                    bad = reg(a, ms, null);
                    if (b != 0 ? a + b > ms : !topSetBefore(p, pc, a + 1, target)) bad = "arguments";
                    if (pc + 1 >= n || Instruction.opCode(p.code[pc + 1]) != OpCode.RETURN) bad = "TAILCALL without RETURN";
                }
                case RETURN -> {
                    if (b != 0 ? a + b - 1 > ms : !topSetBefore(p, pc, a, target)) bad = "results";
                }
                case FORLOOP, FORPREP, TFORPREP -> bad = reg(a + 3, ms, null);
                case TFORCALL -> bad = a + 4 + Math.max(c, 3) <= ms ? null : "register";
                case TFORLOOP -> bad = reg(a + 4, ms, null);
                case SETLIST -> {
                    bad = reg(a, ms, null);
                    if (b != 0 ? a + b >= ms : !topSetBefore(p, pc, a + 1, target)) bad = "register";
                    if (c == 0 && (pc + 1 >= n || Instruction.opCode(p.code[pc + 1]) != OpCode.EXTRAARG)) bad = "EXTRAARG";
                }
                case CLOSURE -> bad = reg(a, ms, Instruction.bx(i) < np ? null : "prototype");
                case VARARG -> bad = reg(a, ms, b != 0 && a + b - 1 > ms ? "register" : null);
                case EXTRAARG -> bad = null; // raises "bad opcode" if ever executed
                case TBC -> bad = reg(a, ms, null);
                case CLOSE -> bad = a <= ms ? null : "register";
                default -> bad = "opcode";
            }
            if (bad != null) return "bad " + bad + " in " + o + " at " + (pc + 1);
        }
        return null;
    }

    private static String first(String x, String y) {
        return x != null ? x : y;
    }

    private static String reg(int r, int ms, String rest) {
        return r < ms ? rest : "register";
    }

    private static String rk(int x, int ms, int nk) {
        if (Instruction.isK(x)) return Instruction.indexK(x) < nk ? null : "constant";
        return x < ms ? null : "register";
    }

    /**
     * Whether the instruction at {@code pc} (reading up to top) comes right after one that sets
     * top (an open CALL, VARARG or TAILCALL) at or above register {@code min}, with no jump
     * landing in between.
     */
    private static boolean topSetBefore(Proto p, int pc, int min, boolean[] target) {
        if (pc == 0 || target[pc]) return false;
        int j = p.code[pc - 1];
        OpCode o = Instruction.opCode(j);
        int a = Instruction.a(j);
        if (a < min) return false;
        return o == OpCode.CALL && Instruction.c(j) == 0 || o == OpCode.VARARG && Instruction.b(j) == 0
                || o == OpCode.TAILCALL;
    }
}
