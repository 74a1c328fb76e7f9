package dev.lunatik.vm.interp;

import dev.lunatik.vm.bytecode.Instruction;
import dev.lunatik.vm.bytecode.Op;
import dev.lunatik.vm.bytecode.Proto;

/**
 * What the compiling tier reads off a function's instructions before it generates any code
 * ({@link JitCompiler}): where compiled code may enter a frame, whether the function can also run
 * frameless, which loops keep their registers in locals, and the least size of its code. Pure
 * functions of the instructions, shared by the compiler and by {@link JitCode}.
 */
final class JitAnalysis {
    private JitAnalysis() {}

    /**
     * The pcs at which compiled code enters or resumes a frame: the start, the head of each loop
     * (the target of a backward jump) and the instruction after each call. Elsewhere (after a
     * slow path that went on somewhere else, a yield resumed in a metamethod, a hook) the
     * interpreter runs the frame up to the next entry, as a loop goes round or a call returns.
     *
     * <p>Every entry is a target of the refill's switch, where all cached registers come from
     * the stack, so the JVM's compilers see a merge of every register there. With every
     * instruction an entry (as before), a function of some 70 instructions made C1 give up ("too
     * many stack slots used": a spill slot per merged value) and left it to the JVM's bytecode
     * interpreter until C2 came, and gave C2 graphs that took hundreds of milliseconds to compile.
     */
    static boolean[] entries(int[] code) {
        boolean[] e = new boolean[code.length];
        e[0] = true;
        for (int pc = 0; pc < code.length; pc++) {
            int i = code[pc];
            int op = Instruction.op(i);
            if (op == Op.FORLOOP || op == Op.TFORLOOP || op == Op.JMP) {
                int t = pc + 1 + Instruction.sbx(i);
                if (Instruction.sbx(i) < 0 && t >= 0 && t < code.length) e[t] = true;
            }
            if ((op == Op.CALL || op == Op.TFORCALL) && pc + 1 < code.length) e[pc + 1] = true;
        }
        return e;
    }

    /**
     * Whether {@code p} can also be compiled to {@link JitCode#direct}: code that runs a call
     * without pushing a frame, and so may do only what nothing can observe. It has fixed
     * parameters, creates no closures (so no upvalue refers to its registers) and nothing else
     * that allocates (a store may grow a table: charged, never collecting there, {@link
     * Ops#growFrameless}), calls with fixed argument and result counts and returns a fixed count;
     * every other instruction is one whose compiled fast path touches no frame. Its slow paths (and
     * calls of functions that need a frame) stop the frameless code instead, which then becomes
     * frames ({@link Jit#deoptFramed}) for the interpreter to go on with.
     */
    static boolean directEligible(Proto p) {
        if (p.isVararg || p.protos.length != 0) return false;
        for (int pc = 0; pc < p.code.length; pc++) {
            int i = p.code[pc];
            switch (Instruction.op(i)) {
                case Op.MOVE, Op.LOADK, Op.LOADI, Op.LOADBOOL, Op.LOADNIL, Op.GETUPVAL, Op.SETUPVAL,
                        Op.GETTABUP, Op.GETTABLE, Op.SETTABUP, Op.SETTABLE, Op.SELF,
                        Op.ADD, Op.SUB, Op.MUL, Op.MOD, Op.IDIV, Op.BAND, Op.BOR, Op.BXOR, Op.SHL, Op.SHR,
                        Op.UNM, Op.BNOT, Op.NOT, Op.LEN, Op.EQ, Op.LT, Op.LE, Op.TEST, Op.TESTSET,
                        Op.FORPREP, Op.FORLOOP, Op.TFORPREP, Op.TFORLOOP, Op.CLOSE, Op.CONCAT -> {
                }
                case Op.TFORCALL -> { // next's and ipairs' steps in place; any other iterator stops the code
                }
                case Op.JMP -> {
                    if (Instruction.a(i) != 0) return false; // closes upvalues: always the slow path
                }
                case Op.CALL -> { // open counts only between a call and the instruction taking its results
                    if (Instruction.b(i) == 0 && !opensTop(p.code, pc - 1) || Instruction.c(i) == 0 && !opensTop(p.code, pc)) return false;
                }
                case Op.TAILCALL -> {
                    if (Instruction.b(i) == 0 && !opensTop(p.code, pc - 1)) return false;
                }
                case Op.RETURN -> { // RETURN A 0 after a TAILCALL: not reached, frameless tail calls return
                    if (Instruction.b(i) == 0 && !opensTop(p.code, pc - 1)
                            && (pc == 0 || Instruction.op(p.code[pc - 1]) != Op.TAILCALL)) return false;
                }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether instruction {@code pc} is a CALL that leaves its results open (C = 0: up to the
     * stack top) for the next instruction, a call or return taking everything up to the top
     * (B = 0), as in {@code f(g(x))} and {@code return x, g(y)}: frameless code keeps that top in
     * {@link LuaThread#top} between the two.
     */
    static boolean opensTop(int[] code, int pc) {
        if (pc < 0 || pc + 1 >= code.length) return false;
        int i = code[pc];
        if (Instruction.op(i) != Op.CALL || Instruction.c(i) != 0) return false;
        int n = code[pc + 1];
        int op = Instruction.op(n);
        return (op == Op.CALL || op == Op.TAILCALL || op == Op.RETURN) && Instruction.b(n) == 0;
    }

    /**
     * Per pc, the FORLOOP pc of the numeric for loop whose body (loop head to FORLOOP) holds it
     * and whose registers FORLOOP keeps in locals, or -1 (all of them when {@code none}): in frame
     * code, innermost loops that make no calls, where those stores would be much of a pass and
     * the exits are few (slow paths, hooks, helpers that allocate). With calls, whose every path
     * that gives the frame away would need its spill, the code grew past what HotSpot compiles
     * and ran no faster (measured on the benchmark programs).
     */
    static int[] forLoops(int[] code, boolean none) {
        int[] at = new int[code.length];
        java.util.Arrays.fill(at, -1);
        if (none) return at; // (frameless code keeps every register in locals anyway)
        for (int end = 0; end < code.length; end++) {
            int i = code[end];
            if (Instruction.op(i) != Op.FORLOOP) continue;
            int start = end + 1 + Instruction.sbx(i);
            if (start < 1 || start > end) continue; // only in a corrupt chunk
            boolean plain = true;
            for (int pc = start - 1; pc < end && plain; pc++) { // (from its FORPREP: no loop inside)
                int op = Instruction.op(code[pc]);
                plain = op != Op.CALL && op != Op.TAILCALL && op != Op.TFORCALL && op != Op.FORLOOP
                        && (op != Op.FORPREP || pc == start - 1);
            }
            if (!plain) continue;
            for (int pc = start; pc <= end; pc++) at[pc] = end;
        }
        return at;
    }

    /**
     * Fewer bytes than a frame's compiled code takes for any CALL (its paths for Lua closures,
     * leaf and other Java functions: 211 bytes at least over the official suite's 17,848
     * functions compiled) and for any other instruction but EXTRAARG (6 at least: a slow path).
     */
    private static final int CALL_BYTES_AT_LEAST = 200, OTHER_BYTES_AT_LEAST = 5;

    /**
     * Fewer bytes than {@code p}'s frame code ({@link JitCode#run}) can take: see {@link
     * #CALL_BYTES_AT_LEAST}. A function whose least size passes {@link JitCompiler#MAX_CODE} is refused
     * before any code is generated for it (generating it took a third of the compiling tier's
     * time over the official suite, for nothing).
     */
    static int leastSize(Proto p) {
        return leastSize(p, null);
    }

    /** {@link #leastSize(Proto)} of the instructions not {@code cold} (all of them when null). */
    static int leastSize(Proto p, boolean[] cold) {
        int least = 0;
        for (int pc = 0; pc < p.code.length; pc++) {
            if (cold != null && cold[pc]) continue;
            int op = Instruction.op(p.code[pc]);
            least += op == Op.CALL ? CALL_BYTES_AT_LEAST : op == Op.EXTRAARG ? 0 : OTHER_BYTES_AT_LEAST;
        }
        return least;
    }

    /**
     * The instructions outside every loop of {@code code} (a loop being the range from a backward
     * jump's target to the jump: JMP, FORLOOP, TFORLOOP); null when there is no loop. They run at
     * most once per call, so a function too big to compile whole can leave them to the
     * interpreter and have its loops compiled ({@link JitCompiler#compile}).
     */
    static boolean[] outsideLoops(int[] code) {
        boolean[] cold = new boolean[code.length];
        java.util.Arrays.fill(cold, true);
        boolean any = false;
        for (int pc = 0; pc < code.length; pc++) {
            int i = code[pc];
            int op = Instruction.op(i);
            if (op != Op.FORLOOP && op != Op.TFORLOOP && op != Op.JMP) continue;
            int t = pc + 1 + Instruction.sbx(i);
            if (Instruction.sbx(i) >= 0 || t < 0) continue;
            for (int k = t; k <= pc; k++) cold[k] = false;
            any = true;
        }
        return any ? cold : null;
    }
}
