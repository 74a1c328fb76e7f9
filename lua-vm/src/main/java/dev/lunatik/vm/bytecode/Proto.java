package dev.lunatik.vm.bytecode;

/**
 * A compiled function prototype: code, constants, nested prototypes, upvalue descriptors and
 * debug information. Immutable after the compiler builds it; shared by all closures made from it.
 *
 * <p>Constants are {@code null} (nil), {@link Boolean}, {@link Long} or
 * {@link dev.lunatik.vm.value.LuaString}.
 */
public final class Proto {
    /** The chunk name as given to load, e.g. {@code "@script.lua"} or {@code "=stdin"}. */
    public final String source;
    public final int lineDefined;
    public final int lastLineDefined;
    public final int numParams;
    public final boolean isVararg;
    /** Number of registers the function needs. */
    public final int maxStackSize;
    public final int[] code;
    public final Object[] constants;
    public final Proto[] protos;
    public final UpvalDesc[] upvalues;
    /** Source line of each instruction (same length as {@link #code}). */
    public final int[] lineInfo;
    public final LocVar[] locVars;

    /** Constants split for the interpreter: reference halves ({@code Lua.INT} for integers). */
    public final Object[] kRef;
    /** Constants split for the interpreter: integer halves. */
    public final long[] kNum;

    /** Upvalue descriptor: captured from the enclosing function's register or upvalue {@code index}. */
    /**
     * The compiling tier's code for this function ({@code dev.lunatik.vm.interp.JitCode}), or null
     * while it runs in the interpreter. Set once, by the thread that compiled it.
     */
    public Object jit;
    /**
     * Hotness: calls plus backward jumps the interpreter has counted; the function is compiled when
     * it reaches the state's threshold. {@link Integer#MIN_VALUE} after a function was found not
     * worth compiling (too big for the JVM's compilers), so that it is not tried again.
     */
    public int hot;

    public record UpvalDesc(String name, boolean inStack, int index) {}

    /** A local variable's name and the pc range [startPc, endPc) in which it is active. */
    public record LocVar(String name, int startPc, int endPc) {}

    public Proto(String source, int lineDefined, int lastLineDefined, int numParams, boolean isVararg,
            int maxStackSize, int[] code, Object[] constants, Proto[] protos, UpvalDesc[] upvalues,
            int[] lineInfo, LocVar[] locVars) {
        this.source = source;
        this.lineDefined = lineDefined;
        this.lastLineDefined = lastLineDefined;
        this.numParams = numParams;
        this.isVararg = isVararg;
        this.maxStackSize = maxStackSize;
        this.code = code;
        this.constants = constants;
        this.protos = protos;
        this.upvalues = upvalues;
        this.lineInfo = lineInfo;
        this.locVars = locVars;
        this.kRef = new Object[constants.length];
        this.kNum = new long[constants.length];
        for (int i = 0; i < constants.length; i++) {
            if (constants[i] instanceof Long l) {
                kRef[i] = dev.lunatik.vm.value.Lua.INT;
                kNum[i] = l;
            } else {
                kRef[i] = constants[i];
            }
        }
    }

    /**
     * The name of the {@code n}-th (1-based) local variable active at {@code pc}, or null;
     * the same search Lua's {@code luaF_getlocalname} does.
     */
    public String localName(int n, int pc) {
        for (LocVar v : locVars) {
            if (v.startPc() > pc) break;
            if (pc < v.endPc()) {
                n--;
                if (n == 0) return v.name();
            }
        }
        return null;
    }
}
