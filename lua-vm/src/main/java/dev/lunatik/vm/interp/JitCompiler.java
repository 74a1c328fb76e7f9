package dev.lunatik.vm.interp;

import static org.objectweb.asm.Opcodes.*;

import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.vm.bytecode.Instruction;
import dev.lunatik.vm.bytecode.Op;
import dev.lunatik.vm.bytecode.Proto;
import dev.lunatik.vm.value.Lua;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Tier 2: translates a {@link Proto}'s instructions into the JVM bytecode of one method,
 * {@link JitCode#run}, of a hidden class, so each Lua function gets its own JVM method with its
 * own profile and no dispatch. Each instruction becomes its interpreter fast path, inline or as a
 * call of a small {@link Jit} helper, and for everything else its pc and a jump to the method's
 * one slow-path block, which runs {@code Jit.slowAt} (that is, {@link Ops#slow}) and re-enters
 * through the refill; the compiler is the interpreter's second reader, not a second definition.
 *
 * <p>Registers a closure cannot capture live in JVM locals (a reference and a {@code long}) and
 * are written through to the thread's stack arrays, so a frame is always the interpreter's (see
 * {@link JitCode}); they are read back from the stack only where something else may have written
 * it. Integer registers are read and written as {@code long}s behind the one {@code == INT} tag
 * check. A call of a compiled Lua function pushes its frame and invokes its code's {@code run}
 * from this method's own call site, whose profile lets C2 inline the callee.
 *
 * <p>A simple function ({@link JitAnalysis#directEligible}: no closures or new tables, fixed
 * argument and result counts) gets a second method, {@link JitCode#direct}, compiled from the same
 * instructions: a call without a frame. Compiled callers call it when nothing could see the frame
 * missing (no hooks, no trap); its registers are still the stack slots its frame would have. At
 * its first slow path, trap, or callee that needs a frame, it records where it stopped and
 * returns, each frameless caller records its call in turn, and the nearest code with a frame
 * pushes the frames they would have had ({@link Jit#deoptFramed}) for the interpreter to go on
 * with: errors, hooks, the debug library and yields only ever see interpreter frames.
 */
final class JitCompiler {
    /**
     * HotSpot does not compile methods bigger than this ({@code HugeMethodLimit}): such a function
     * would run in the JVM's bytecode interpreter, slower than ours, so it is not compiled.
     */
    static final int MAX_CODE = 8000;

    /** A directory to write each compiled class to ({@code -Dlunatik.jit.dump=DIR}), for {@code javap -c}; null: none. */
    private static final String DUMP = System.getProperty("lunatik.jit.dump");
    private static int dumped;

    private static synchronized void dump(Proto p, byte[] bytes, String sizes) {
        String name = String.format("%05d-%s-%d", dumped++, p.source.replaceAll("[^A-Za-z0-9_.]", "_"), p.lineDefined);
        try {
            java.nio.file.Files.write(java.nio.file.Path.of(DUMP, name + ".class"), bytes);
            java.nio.file.Files.writeString(java.nio.file.Path.of(DUMP, name + ".sizes"), sizes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final String JIT = "dev/lunatik/vm/interp/Jit";
    /** The compiled class itself (final: a call on it is bound statically). */
    private static final String SELF = "dev/lunatik/vm/interp/Compiled";
    private static final String CODE = "dev/lunatik/vm/interp/JitCode";
    private static final String THREAD = "dev/lunatik/vm/interp/LuaThread";
    private static final String FRAME = "dev/lunatik/vm/interp/CallFrame";
    private static final String CLOSURE = "dev/lunatik/vm/interp/LuaClosure";
    private static final String UPVAL = "dev/lunatik/vm/interp/UpVal";
    private static final String GLOBAL = "dev/lunatik/vm/interp/GlobalState";
    private static final String PROTO = "dev/lunatik/vm/bytecode/Proto";
    private static final String LUA = "dev/lunatik/vm/value/Lua";
    private static final String JFUNC = "dev/lunatik/vm/api/JavaFunction";
    private static final String OBJ = "Ljava/lang/Object;";
    private static final String STK = "[Ljava/lang/Object;";
    private static final String NUM = "[J";
    private static final String RUN_DESC = "(L" + THREAD + ";L" + FRAME + ";I)I";
    private static final String DIRECT_DESC = "(L" + THREAD + ";L" + CLOSURE + ";II)" + OBJ;

    /** The descriptor of {@link JitCode#direct0} and on: {@link #DIRECT_DESC} and {@code nargs} values (reference, number). */
    private static String directDesc(int nargs) {
        return "(L" + THREAD + ";L" + CLOSURE + ";II" + (OBJ + "J").repeat(nargs) + ")" + OBJ;
    }

    // locals of run
    private static final int THIS = 0, T = 1, F = 2, DEPTH = 3, STKV = 4, NUMV = 5, BASE = 6, KR = 7, UP = 8, R = 9, O = 10, NF = 11, TMPL = 12;
    /**
     * In {@link JitCode#direct} (no frame), slot 2 holds the closure: its parameters (t, cl, base,
     * depth) are moved to the locals above by the prologue, and nothing reads {@link #F}.
     */
    private static final int CL = F;
    /** Register r lives in locals FIRST_REG + 3r (reference half) and FIRST_REG + 3r + 1 (number half, a long). */
    private static final int FIRST_REG = 15;
    /** The per-site caches ({@link JitCode#ic}). */
    private static final int IC = 14;
    /** Up to this many registers are refilled inline after a call; more go through the shared refill. */
    private static final int INLINE_FILL = 10;


    /**
     * Frameless code: the end of the registers instruction {@code pc} (a call or return with
     * operands from register {@code from} on) has in locals; above it, the previous call's open
     * results are on the stack only, up to {@link LuaThread#top}.
     */
    private int inLocals(int pc, int i, int from) {
        return Instruction.b(i) != 0 ? from + Instruction.b(i) - 1 : Instruction.a(code[pc - 1]);
    }

    private final Proto p;
    private final int[] code;
    private final MethodVisitor mv;
    private final Label[] at;
    private final Label resume = new Label();
    private final Label afterCall = new Label();
    private final Label refill = new Label();
    /** The shared slow path: R holds the pc of the instruction to run through {@link Jit#slowAt}. */
    private final Label slowShared = new Label();
    /** Registers kept in JVM locals: all but those a closure of this function may capture (open upvalues write the stack). */
    private final boolean[] cached;
    private final int nregs;
    /** Cache entries handed out so far ({@link Ops#CACHED_LEVELS} per site). */
    private int sites;
    /** Whether this is {@link JitCode#direct}, the frameless code, rather than {@link JitCode#run}. */
    private final boolean direct;
    /**
     * Frameless code whose parameters arrive as the method's arguments ({@link JitCode#direct0}
     * and on: from slot 5, a reference and a long each) rather than on the stack.
     */
    private boolean valueParams;
    /** Frameless code: where its slow paths and lasting stops go ({@link Jit#deopt}; R holds the pc). */
    private final Label deoptShared = new Label();
    /** Frameless code: where a trap stops it (R holds the pc; not counted against it). */
    private final Label trapShared = new Label();
    /** Frameless code: where a call of a function that needs a frame stops it (R: the call's pc, O: the function). */
    private final Label calleeShared = new Label();
    /** Frameless code: where a frameless callee's stop stops it too (R: the call's pc; on the operand stack: its A). */
    private final Label callStopped = new Label();

    /**
     * Frame code ({@link JitCode#run}): per pc, the FORLOOP pc of the numeric {@code for} loop
     * whose body holds it and whose registers stay in locals ({@link JitAnalysis#forLoops}); -1: none.
     * FORLOOP keeps such a loop's counter, index and visible copy in locals only: they reach the
     * stack at the loop body's exits ({@link #spillLoop}), so an integer loop stores nothing per pass.
     */
    private final int[] loopAt;
    /** Frame code: per such loop (its FORLOOP's pc), the slow path of its body, which spills the loop's registers first. */
    private final Label[] loopSlow;
    /** The pc of the instruction being compiled, whose loop {@link #spillLoop} writes back; -1 outside instructions. */
    private int emitting = -1;

    private JitCompiler(Proto p, MethodVisitor mv, boolean direct, int firstSite, boolean loops) {
        this.direct = direct;
        this.sites = firstSite;
        this.p = p;
        this.code = p.code;
        this.mv = mv;
        this.at = new Label[code.length + 1];
        for (int k = 0; k < at.length; k++) at[k] = new Label();
        this.nregs = p.maxStackSize;
        this.cached = new boolean[nregs];
        java.util.Arrays.fill(cached, true);
        for (Proto child : p.protos) {
            for (Proto.UpvalDesc u : child.upvalues) {
                if (u.inStack() && u.index() < nregs) cached[u.index()] = false;
            }
        }
        this.loopAt = JitAnalysis.forLoops(code, direct || !loops);
        this.loopSlow = new Label[code.length];
    }

    /**
     * Frame code: writes the registers FORLOOP keeps in locals only (counter, index and copy of
     * the loop around instruction {@code pc}, {@link #loopAt}) to the stack, before anything that
     * may read the frame from there: the interpreter (slow paths), hooks, the collector's
     * finalizers, a return. Stack-neutral; {@code fresh} takes the stack arrays from the thread
     * (after an exception, the locals may hold arrays a call replaced).
     */
    private void spillLoop(int pc, boolean fresh) {
        if (pc < 0 || loopAt[pc] < 0) return;
        int a = Instruction.a(code[loopAt[pc]]);
        for (int r : new int[] {a, a + 1, a + 3}) {
            if (!isCached(r)) continue; // written through
            if (r == a + 3) {
                stackArray(fresh, "stk", STK, STKV);
                reg(r);
                mv.visitVarInsn(ALOAD, refLocal(r));
                mv.visitInsn(AASTORE);
            }
            stackArray(fresh, "num", NUM, NUMV);
            reg(r);
            mv.visitVarInsn(LLOAD, numLocal(r));
            mv.visitInsn(LASTORE);
        }
    }

    private void stackArray(boolean fresh, String field, String desc, int local) {
        if (fresh) {
            mv.visitVarInsn(ALOAD, T);
            mv.visitFieldInsn(GETFIELD, THREAD, field, desc);
        } else {
            mv.visitVarInsn(ALOAD, local);
        }
    }

    /** Pushes the frame for a helper that may read it: the loop's registers first go to the stack ({@link #spillLoop}). */
    private void frameForHelper() {
        spillLoop(emitting, false);
        mv.visitVarInsn(ALOAD, F);
    }

    /** The compiled code of {@code p}, or null when it is too big to be worth it. */
    static JitCode compile(Proto p) {
        if (JitAnalysis.leastSize(p) <= MAX_CODE) {
            JitCode c = compile(p, true, null);
            // the loops' spills made it too big: without them, rather than not at all
            if (c == null && !java.util.Arrays.stream(JitAnalysis.forLoops(p.code, false)).allMatch(l -> l < 0)) c = compile(p, false, null);
            if (c != null) return c;
        }
        // too big whole (a main chunk defining many functions, then running a loop): its loops
        // alone, the code around them left to the interpreter, which enters them at their heads
        boolean[] cold = JitAnalysis.outsideLoops(p.code);
        if (cold == null || JitAnalysis.leastSize(p, cold) > MAX_CODE) return null;
        return compile(p, false, cold);
    }

    /**
     * {@link #compile(Proto)}, keeping loops' registers in locals ({@link JitAnalysis#forLoops})
     * when {@code loops}; the instructions {@code cold} marks (null: none) are not compiled, their
     * code leaving the frame to the interpreter at their pc, and the code has no frameless form.
     */
    private static JitCode compile(Proto p, boolean loops, boolean[] cold) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return "java/lang/Object"; // merged locals are never read as anything narrower
            }
        };
        cw.visit(V17, ACC_FINAL | ACC_SUPER, SELF, null, CODE, null);
        cw.visitSource(p.source, null);
        MethodVisitor mv = cw.visitMethod(0, "run", RUN_DESC, null, null);
        JitCompiler jc = new JitCompiler(p, mv, false, 0, loops);
        jc.cold = cold;
        Label end = new Label();
        byte[] bytes;
        int size;
        boolean direct = cold == null && JitAnalysis.directEligible(p);
        try {
            mv.visitCode();
            jc.body();
            mv.visitLabel(end);
            size = end.getOffset();
            if (size > MAX_CODE) return null; // before the frames are computed, the costly part
            mv.visitMaxs(0, 0);
            mv.visitEnd();
            if (direct) {
                // up to VALUE_ARGS parameters: the body takes them as values (directN), and
                // direct, which takes them from the stack, passes them on
                int np = p.numParams <= JitCode.VALUE_ARGS ? p.numParams : -1;
                if (np >= 0) directStub(cw, np);
                MethodVisitor dv = cw.visitMethod(0, np >= 0 ? "direct" + np : "direct", np >= 0 ? directDesc(np) : DIRECT_DESC, null, null);
                JitCompiler dc = new JitCompiler(p, dv, true, jc.sites, false);
                dc.valueParams = np >= 0;
                Label dend = new Label();
                dv.visitCode();
                dc.body();
                dv.visitLabel(dend);
                dv.visitMaxs(0, 0);
                dv.visitEnd();
                jc.sites = dc.sites; // the cache entries of both methods
                direct = dend.getOffset() <= MAX_CODE;
                if (DUMP != null) jc.directSizes = dc.sizes();
            }
            MethodVisitor init = cw.visitMethod(0, "<init>", "(L" + PROTO + ";)V", null, null);
            init.visitCode();
            init.visitVarInsn(ALOAD, 0);
            init.visitVarInsn(ALOAD, 1);
            init.visitLdcInsn(jc.sites);
            init.visitMethodInsn(INVOKESPECIAL, CODE, "<init>", "(L" + PROTO + ";I)V", false);
            init.visitInsn(RETURN);
            init.visitMaxs(0, 0);
            init.visitEnd();

            cw.visitEnd();
            bytes = cw.toByteArray();
            if (DUMP != null) dump(p, bytes, jc.sizes() + (jc.directSizes != null ? "direct:\n" + jc.directSizes : ""));
        } catch (org.objectweb.asm.MethodTooLargeException | org.objectweb.asm.LimitExceededException tooBig) {
            return null; // beyond the class file's limits, let alone HotSpot's
        }
        try {
            MethodHandles.Lookup hl = LOOKUP.defineHiddenClass(bytes, true);
            JitCode code = (JitCode) hl.findConstructor(hl.lookupClass(), MethodType.methodType(void.class, Proto.class)).invoke(p);
            code.size = size;
            code.setDirectOk(direct);
            if (cold != null) code.leaveToInterpreter(cold);
            return code;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@link JitCode#direct} of a function whose frameless body is {@code directN} (its {@code n}
     * parameters as values): the parameters from the stack, passed on.
     */
    private static void directStub(ClassWriter cw, int n) {
        MethodVisitor sv = cw.visitMethod(0, "direct", DIRECT_DESC, null, null);
        sv.visitCode();
        for (int k = 0; k <= 4; k++) sv.visitVarInsn(k == 3 || k == 4 ? ILOAD : ALOAD, k);
        for (int j = 0; j < n; j++) {
            sv.visitVarInsn(ALOAD, T);
            sv.visitFieldInsn(GETFIELD, THREAD, "stk", STK);
            sv.visitVarInsn(ILOAD, 3);
            sv.visitLdcInsn(j);
            sv.visitInsn(IADD);
            sv.visitInsn(AALOAD);
            sv.visitVarInsn(ALOAD, T);
            sv.visitFieldInsn(GETFIELD, THREAD, "num", NUM);
            sv.visitVarInsn(ILOAD, 3);
            sv.visitLdcInsn(j);
            sv.visitInsn(IADD);
            sv.visitInsn(LALOAD);
        }
        sv.visitMethodInsn(INVOKEVIRTUAL, CODE, "direct" + n, directDesc(n), false);
        sv.visitInsn(ARETURN);
        sv.visitMaxs(0, 0);
        sv.visitEnd();
    }

    /** The dump's listing of {@link #sizes} for the frameless method, when there is one. */
    private String directSizes;

    /** For the dump: each instruction's pc, opcode, bytecode offset and the bytes up to the next one. */
    private String sizes() {
        StringBuilder b = new StringBuilder();
        for (int pc = 0; pc < code.length; pc++) {
            int from = at[pc].getOffset(), to = at[pc + 1].getOffset();
            b.append(pc).append(' ').append(dev.lunatik.vm.bytecode.OpCode.of(Instruction.op(code[pc])).name()).append(' ')
                    .append(from).append(' ').append(to - from).append('\n');
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ the method

    /**
     * The method: {@link JitCode#run}, or {@link JitCode#direct} for frameless code, whose
     * parameters (t, cl, base, depth in slots 1-4) are moved to the locals {@code run} keeps them
     * in; there every slow path and trap stops the code ({@link Jit#deopt}) and nothing resumes,
     * as the interpreter goes on with whatever stopped.
     */
    private void body() {
        // the frame's state in locals
        if (valueParams) { // first, out of the slots the locals below reuse
            for (int j = 0; j < p.numParams; j++) {
                mv.visitVarInsn(ALOAD, 5 + 3 * j);
                mv.visitVarInsn(ASTORE, refLocal(j));
                mv.visitVarInsn(LLOAD, 6 + 3 * j);
                mv.visitVarInsn(LSTORE, numLocal(j));
            }
        }
        if (direct) {
            mv.visitVarInsn(ILOAD, 3);
            mv.visitVarInsn(ISTORE, BASE);
            mv.visitVarInsn(ILOAD, 4);
            mv.visitVarInsn(ISTORE, DEPTH);
        }
        reloadStack();
        if (!direct) {
            mv.visitVarInsn(ALOAD, F);
            mv.visitFieldInsn(GETFIELD, FRAME, "base", "I");
            mv.visitVarInsn(ISTORE, BASE);
        }
        mv.visitVarInsn(ALOAD, THIS);
        mv.visitFieldInsn(GETFIELD, CODE, "kr", STK);
        mv.visitVarInsn(ASTORE, KR);
        if (direct) {
            mv.visitVarInsn(ALOAD, CL);
        } else {
            mv.visitVarInsn(ALOAD, F);
            mv.visitFieldInsn(GETFIELD, FRAME, "closure", "L" + CLOSURE + ";");
        }
        mv.visitFieldInsn(GETFIELD, CLOSURE, "upvals", "[L" + UPVAL + ";");
        mv.visitVarInsn(ASTORE, UP);
        mv.visitVarInsn(ALOAD, THIS);
        mv.visitFieldInsn(GETFIELD, CODE, "ic", "[I");
        mv.visitVarInsn(ASTORE, IC);
        mv.visitInsn(ACONST_NULL);
        mv.visitVarInsn(ASTORE, O);
        mv.visitInsn(ACONST_NULL);
        mv.visitVarInsn(ASTORE, NF);
        if (direct) {
            mv.visitInsn(ICONST_0);
            mv.visitVarInsn(ISTORE, R);
        } else {
            mv.visitVarInsn(ALOAD, F);
            mv.visitFieldInsn(GETFIELD, FRAME, "pc", "I");
            mv.visitInsn(DUP);
            mv.visitVarInsn(ISTORE, R);
            // a call enters at 0, where only the parameters mean anything (the other registers are
            // written before they are read); any other entry (a resumed frame, a loop moving over
            // from the interpreter) takes every register from the stack
            mv.visitJumpInsn(IFNE, refill);
        }
        int np = Math.min(p.numParams, nregs);
        if (!valueParams) fillRange(0, np);
        for (int r = np; r < nregs; r++) {
            if (!cached[r]) continue;
            mv.visitInsn(ACONST_NULL);
            mv.visitVarInsn(ASTORE, refLocal(r));
            mv.visitInsn(LCONST_0);
            mv.visitVarInsn(LSTORE, numLocal(r));
        }
        mv.visitJumpInsn(GOTO, at[0]);
        Label badPc = new Label();
        if (!direct) {
            mv.visitLabel(refill);
            fillRange(0, nregs);
            mv.visitVarInsn(ILOAD, R);
            // only entries are targets (see entries): any other pc leaves the frame to the interpreter
            Label[] targets = java.util.Arrays.copyOf(at, code.length);
            Label leave = new Label();
            boolean[] entry = JitAnalysis.entries(code);
            for (int k = 0; k < code.length; k++) if (!entry[k] || isCold(k)) targets[k] = leave;
            mv.visitTableSwitchInsn(0, code.length - 1, badPc, targets);
            mv.visitLabel(leave);
            iconst(Jit.LEAVE);
            mv.visitInsn(IRETURN);
        }

        // an exception out of a loop body (from a helper or a frameless callee) may reach a
        // message handler that reads the frame: the loop's handler writes its registers back and
        // throws on
        int[] loopEnds = java.util.stream.IntStream.range(0, code.length).filter(pc -> loopAt[pc] == pc).toArray();
        Label[] loopHandlers = new Label[loopEnds.length];
        for (int k = 0; k < loopEnds.length; k++) {
            int end = loopEnds[k];
            loopHandlers[k] = new Label();
            loopSlow[end] = new Label();
            mv.visitTryCatchBlock(at[end + 1 + Instruction.sbx(code[end])], at[end + 1], loopHandlers[k], null);
        }
        for (int pc = 0; pc < code.length; pc++) {
            mv.visitLabel(at[pc]);
            if (isCold(pc)) { // the interpreter goes on here (the registers are all on the stack)
                mv.visitVarInsn(ALOAD, F);
                iconst(pc);
                mv.visitFieldInsn(PUTFIELD, FRAME, "pc", "I");
                iconst(Jit.LEAVE);
                mv.visitInsn(IRETURN);
                continue;
            }
            emitting = pc;
            instruction(pc, code[pc]);
            emitting = -1;
        }
        mv.visitLabel(at[code.length]); // falling off the end cannot happen (a RETURN ends every function)
        mv.visitJumpInsn(GOTO, badPc);
        for (int k = 0; k < loopEnds.length; k++) {
            mv.visitLabel(loopHandlers[k]); // the exception on the operand stack
            spillLoop(loopEnds[k], true);
            mv.visitInsn(ATHROW);
            mv.visitLabel(loopSlow[loopEnds[k]]); // R: the pc of the instruction
            spillLoop(loopEnds[k], false);
            mv.visitJumpInsn(GOTO, slowShared);
        }

        if (direct) {
            // every stop first puts the registers where the interpreter's frame has them
            mv.visitLabel(deoptShared);
            spill(0, nregs);
            deoptAtR(true);
            mv.visitLabel(trapShared);
            spill(0, nregs);
            deoptAtR(false);
            mv.visitLabel(calleeShared);
            spill(0, nregs);
            mv.visitVarInsn(ALOAD, T);
            mv.visitVarInsn(ALOAD, CL);
            mv.visitVarInsn(ILOAD, BASE);
            mv.visitVarInsn(ILOAD, R);
            mv.visitVarInsn(ALOAD, THIS);
            mv.visitVarInsn(ALOAD, O);
            mv.visitMethodInsn(INVOKESTATIC, JIT, "deoptCallee", "(L" + THREAD + ";L" + CLOSURE + ";IIL" + CODE + ";" + OBJ + ")" + OBJ, false);
            mv.visitInsn(ARETURN);
            // a callee's frames are above the call's register A: only registers [0, A) go to
            // the stack, entering this chain at A (each step spills one register and falls on)
            mv.visitLabel(callStopped);
            Label[] below = new Label[nregs + 1];
            for (int k = 0; k <= nregs; k++) below[k] = new Label();
            mv.visitTableSwitchInsn(0, nregs, below[0], below);
            for (int k = nregs; k >= 1; k--) {
                mv.visitLabel(below[k]);
                spill(k - 1, k);
            }
            mv.visitLabel(below[0]);
            mv.visitVarInsn(ALOAD, T);
            mv.visitVarInsn(ALOAD, CL);
            mv.visitVarInsn(ILOAD, BASE);
            mv.visitVarInsn(ILOAD, R);
            jit("deoptCallAt", "(L" + THREAD + ";L" + CLOSURE + ";II)" + OBJ);
            mv.visitInsn(ARETURN);
        } else {
            // after a call that did not return through the fast path: R holds run's result
            mv.visitLabel(afterCall);
            rFromHelper("resume");
            mv.visitJumpInsn(GOTO, resume);
            // the shared slow path (see slow): R holds the instruction's pc, then where to go on
            mv.visitLabel(slowShared);
            rFromHelper("slowAt");
            // R: the pc to go on at, or a result of run to return
            mv.visitLabel(resume);
            Label exit = new Label();
            mv.visitVarInsn(ILOAD, R);
            mv.visitJumpInsn(IFLT, exit);
            reloadStack();
            mv.visitVarInsn(ALOAD, F);
            mv.visitFieldInsn(GETFIELD, FRAME, "closure", "L" + CLOSURE + ";");
            mv.visitFieldInsn(GETFIELD, CLOSURE, "upvals", "[L" + UPVAL + ";");
            mv.visitVarInsn(ASTORE, UP); // a tail call may have put another closure of this function in the frame
            mv.visitJumpInsn(GOTO, refill);
            mv.visitLabel(exit);
            mv.visitVarInsn(ILOAD, R);
            mv.visitInsn(IRETURN);
        }
        mv.visitLabel(badPc);
        mv.visitTypeInsn(NEW, "java/lang/IllegalStateException");
        mv.visitInsn(DUP);
        mv.visitLdcInsn("compiled code at a bad pc");
        mv.visitMethodInsn(INVOKESPECIAL, "java/lang/IllegalStateException", "<init>", "(Ljava/lang/String;)V", false);
        mv.visitInsn(ATHROW);
    }

    /** return Jit.deopt(t, cl, base, R, this, lasting): frameless code stops at the pc in R. */
    private void deoptAtR(boolean lasting) {
        mv.visitVarInsn(ALOAD, T);
        mv.visitVarInsn(ALOAD, CL);
        mv.visitVarInsn(ILOAD, BASE);
        mv.visitVarInsn(ILOAD, R);
        mv.visitVarInsn(ALOAD, THIS);
        iconst(lasting ? 1 : 0);
        mv.visitMethodInsn(INVOKESTATIC, JIT, "deopt", "(L" + THREAD + ";L" + CLOSURE + ";IIL" + CODE + ";Z)" + OBJ, false);
        mv.visitInsn(ARETURN);
    }

    /** R = Jit.helper(t, f, R, this, base): {@link Jit#resume} or {@link Jit#slowAt}, which say where to go on. */
    private void rFromHelper(String helper) {
        mv.visitVarInsn(ALOAD, T);
        mv.visitVarInsn(ALOAD, F);
        mv.visitVarInsn(ILOAD, R);
        mv.visitVarInsn(ALOAD, THIS);
        mv.visitVarInsn(ILOAD, BASE);
        mv.visitMethodInsn(INVOKESTATIC, JIT, helper, "(L" + THREAD + ";L" + FRAME + ";IL" + CODE + ";I)I", false);
        mv.visitVarInsn(ISTORE, R);
    }

    /**
     * Takes the thread's stack arrays again (after anything that may have grown the stack) into
     * the locals frame code reads them from; frameless code keeps none ({@link #stkArray}).
     */
    private void reloadStack() {
        if (direct) return;
        mv.visitVarInsn(ALOAD, T);
        mv.visitFieldInsn(GETFIELD, THREAD, "stk", STK);
        mv.visitVarInsn(ASTORE, STKV);
        mv.visitVarInsn(ALOAD, T);
        mv.visitFieldInsn(GETFIELD, THREAD, "num", NUM);
        mv.visitVarInsn(ASTORE, NUMV);
    }

    private void instruction(int pc, int i) {
        int op = Instruction.op(i);
        int a = Instruction.a(i);
        int next = pc + 1;
        switch (op) {
            case Op.MOVE: {
                int b = Instruction.b(i);
                copy(a, b);
                jump(next);
                return;
            }
            case Op.LOADK: {
                int bx = Instruction.bx(i);
                storeConst(a, bx);
                jump(next);
                return;
            }
            case Op.LOADI:
                setInt(a, () -> lconst(Instruction.sbx(i)));
                jump(next);
                return;
            case Op.LOADBOOL:
                writeRef(a, () -> mv.visitFieldInsn(GETSTATIC, "java/lang/Boolean", Instruction.b(i) != 0 ? "TRUE" : "FALSE", "Ljava/lang/Boolean;"));
                jump(Instruction.c(i) != 0 ? pc + 2 : next);
                return;
            case Op.LOADNIL:
                for (int j = 0; j <= Instruction.b(i); j++) writeRef(a + j, () -> mv.visitInsn(ACONST_NULL));
                jump(next);
                return;
            case Op.GETUPVAL:
                if (direct) { // straight into the locals
                    upval(Instruction.b(i));
                    mv.visitInsn(DUP);
                    mv.visitMethodInsn(INVOKEVIRTUAL, UPVAL, "valueRef", "()" + OBJ, false);
                    mv.visitVarInsn(ASTORE, refLocal(a));
                    mv.visitMethodInsn(INVOKEVIRTUAL, UPVAL, "valueNum", "()J", false);
                    mv.visitVarInsn(LSTORE, numLocal(a));
                    jump(next);
                    return;
                }
                upval(Instruction.b(i));
                stackArgs(a);
                mv.visitMethodInsn(INVOKESTATIC, JIT, "getUpval", "(L" + UPVAL + ";" + STK + NUM + "I)V", false);
                fill(a);
                jump(next);
                return;
            case Op.SETUPVAL: // the value from its register's locals (a loop's may be there only)
                upval(Instruction.b(i));
                ref(a);
                num(a);
                mv.visitMethodInsn(INVOKEVIRTUAL, UPVAL, "set", "(" + OBJ + "J)V", false);
                jump(next);
                return;
            case Op.GETTABUP: {
                int c = Instruction.c(i);
                if (direct && stringConstant(c)) {
                    ownField(a, c, next, () -> {
                        upval(Instruction.b(i));
                        mv.visitMethodInsn(INVOKEVIRTUAL, UPVAL, "valueRef", "()" + OBJ, false);
                    });
                }
                if (Instruction.isK(c)) {
                    upval(Instruction.b(i));
                    rk(c);
                    stackArgs(a);
                    site(c);
                    jit("getTabUp", "(L" + UPVAL + ";" + OBJ + "J" + STK + NUM + "I[II)Z");
                    filledIfTrue(a, a + 1, next);
                }
                slow(pc, i);
                return;
            }
            case Op.GETTABLE:
                if (direct && stringConstant(Instruction.c(i))) {
                    ownField(a, Instruction.c(i), next, () -> ref(Instruction.b(i)));
                }
                ref(Instruction.b(i));
                rk(Instruction.c(i));
                stackArgs(a);
                site(Instruction.c(i));
                jit("getTable", "(" + OBJ + OBJ + "J" + STK + NUM + "I[II)Z");
                filledIfTrue(a, a + 1, next);
                slow(pc, i);
                return;
            case Op.SETTABUP: {
                int b = Instruction.b(i);
                if (Instruction.isK(b)) {
                    if (direct) mv.visitVarInsn(ALOAD, T);
                    upval(a);
                    rk(b);
                    rk(Instruction.c(i));
                    site(b);
                    mv.visitMethodInsn(INVOKESTATIC, JIT, direct ? "setTabUpPresent" : "setTabUp",
                            "(" + (direct ? "L" + THREAD + ";" : "") + "L" + UPVAL + ";" + OBJ + "J" + OBJ + "J[II)Z", false);
                    mv.visitJumpInsn(IFNE, at[next]);
                }
                slow(pc, i);
                return;
            }
            case Op.SETTABLE:
                if (direct) mv.visitVarInsn(ALOAD, T);
                ref(a);
                rk(Instruction.b(i));
                rk(Instruction.c(i));
                site(Instruction.b(i));
                mv.visitMethodInsn(INVOKESTATIC, JIT, direct ? "setTablePresent" : "setTable",
                        "(" + (direct ? "L" + THREAD + ";" : "") + OBJ + OBJ + "J" + OBJ + "J[II)Z", false);
                mv.visitJumpInsn(IFNE, at[next]);
                slow(pc, i);
                return;
            case Op.NEWTABLE: {
                mv.visitVarInsn(ALOAD, T);
                mv.visitVarInsn(ALOAD, F);
                stkArray();
                reg(a);
                iconst(Instruction.b(i));
                iconst(Instruction.c(i));
                iconst(next);
                mv.visitMethodInsn(INVOKESTATIC, JIT, "newTable", "(L" + THREAD + ";L" + FRAME + ";" + STK + "IIII)Z", false);
                mv.visitVarInsn(ISTORE, R);
                fill(a);
                mv.visitVarInsn(ILOAD, R);
                mv.visitJumpInsn(IFEQ, at[next]);
                mv.visitVarInsn(ALOAD, T);
                frameForHelper();
                iconst(i);
                iconst(next);
                mv.visitVarInsn(ALOAD, THIS);
                mv.visitVarInsn(ILOAD, BASE);
                mv.visitMethodInsn(INVOKESTATIC, JIT, "safePoint", "(L" + THREAD + ";L" + FRAME + ";IIL" + CODE + ";I)I", false);
                mv.visitVarInsn(ISTORE, R);
                mv.visitJumpInsn(GOTO, resume);
                return;
            }
            case Op.CONCAT: // R[B] .. ... .. R[C] into R[A], through R[B] (see Ops.concat)
                if (direct) {
                    spill(Instruction.b(i), Instruction.c(i) + 1);
                    mv.visitVarInsn(ALOAD, T);
                    mv.visitVarInsn(ILOAD, BASE);
                    iconst(i);
                    jit("concatFrameless", "(L" + THREAD + ";II)I");
                    Label slow = new Label();
                    Label made = new Label();
                    madeOrStop(pc, made, slow);
                    mv.visitLabel(made);
                    fill(Instruction.b(i));
                    fill(a);
                    jump(next);
                    mv.visitLabel(slow);
                    slow(pc, i);
                    return;
                }
                helperOrSlow(pc, i, "concat", () -> {
                    fill(Instruction.b(i));
                    fill(a);
                });
                return;
            case Op.BNOT:
                unaryInt(pc, i, () -> {
                    mv.visitLdcInsn(-1L);
                    mv.visitInsn(LXOR);
                });
                return;
            case Op.SETLIST: // with its block in the instruction (its count there, or up to the top a call's results left): stores into the table, no register changes
                if (Instruction.c(i) != 0) helperOrSlow(pc, i, "setList", () -> {});
                else slow(pc, i);
                return;
            case Op.VARARG:
                if (Instruction.b(i) != 0) { // with a fixed count: writes R[A] .. R[A+B-2]
                    helperOrSlow(pc, i, "vararg", () -> fillRange(a, a + Instruction.b(i) - 1));
                } else { // all of them, up to a new top: the stack may have grown
                    Label slow = new Label();
                    mv.visitVarInsn(ALOAD, T);
                    frameForHelper();
                    iconst(i);
                    iconst(next);
                    mv.visitVarInsn(ILOAD, BASE);
                    jit("vararg", "(L" + THREAD + ";L" + FRAME + ";III)Z");
                    mv.visitJumpInsn(IFEQ, slow);
                    continueAfter(a, nregs, next);
                    mv.visitLabel(slow);
                    slow(pc, i);
                }
                return;
            case Op.CLOSURE:
                helperOrSlow(pc, i, "closure", () -> fill(a));
                return;
            case Op.SELF: {
                int c = Instruction.c(i);
                copy(a + 1, Instruction.b(i)); // the slow path expects the object in R[A+1]
                if (Instruction.isK(c)) {
                    mv.visitVarInsn(ALOAD, T);
                    ref(a + 1);
                    rk(c);
                    stackArgs(a);
                    site(c);
                    jit("selfGet", "(L" + THREAD + ";" + OBJ + OBJ + "J" + STK + NUM + "I[II)Z");
                    filledIfTrue(a, a + 1, next);
                }
                slow(pc, i);
                return;
            }
            case Op.ADD: case Op.SUB: case Op.MUL: case Op.MOD: case Op.IDIV:
            case Op.BAND: case Op.BOR: case Op.BXOR: case Op.SHL: case Op.SHR:
                arith(pc, i, op, a);
                return;
            case Op.UNM:
                unaryInt(pc, i, () -> mv.visitInsn(LNEG));
                return;
            case Op.NOT:
                writeRef(a, () -> {
                    ref(Instruction.b(i));
                    mv.visitMethodInsn(INVOKESTATIC, JIT, "not", "(" + OBJ + ")Ljava/lang/Boolean;", false);
                });
                jump(next);
                return;
            case Op.LEN:
                ref(Instruction.b(i));
                stackArgs(a);
                mv.visitMethodInsn(INVOKESTATIC, JIT, "len", "(" + OBJ + STK + NUM + "I)Z", false);
                filledIfTrue(a, a + 1, next);
                slow(pc, i);
                return;
            case Op.JMP:
                // Frameless code is entered only with no trap set, so what it could see at a
                // forward jump is an interrupt or abort arriving from another thread meanwhile,
                // which its next call or backward jump sees as well (as they would be by then)
                if (!direct || Instruction.sbx(i) < 0) trapCheck(i, next);
                if (a == 0) { // A > 0: upvalues to close first (the slow path)
                    jump(next + Instruction.sbx(i));
                    return;
                }
                slow(pc, i);
                return;
            case Op.EQ: {
                int b = Instruction.b(i);
                int c = Instruction.c(i);
                rk(b);
                rk(c);
                mv.visitMethodInsn(INVOKESTATIC, JIT, "eq", "(" + OBJ + "J" + OBJ + "J)I", false);
                conditionOrSlow(pc, i, a);
                return;
            }
            case Op.LT:
            case Op.LE: {
                int b = Instruction.b(i);
                int c = Instruction.c(i);
                Label slow = new Label();
                guardInt(b, slow);
                guardInt(c, slow);
                numRK(b);
                numRK(c);
                mv.visitInsn(LCMP);
                // res = x < y (or <=); res == (A != 0) goes on to the jump, else skips it
                boolean lt = op == Op.LT;
                int whenTrue = lt ? IFLT : IFLE;
                int whenFalse = lt ? IFGE : IFGT;
                mv.visitJumpInsn(a != 0 ? whenTrue : whenFalse, at[next]);
                jump(pc + 2);
                mv.visitLabel(slow); // not two integers: two strings still compare without the slow path
                rk(b);
                rk(c);
                iconst(lt ? 1 : 0);
                mv.visitMethodInsn(INVOKESTATIC, JIT, "order", "(" + OBJ + "J" + OBJ + "JZ)I", false);
                conditionOrSlow(pc, i, a);
                return;
            }
            case Op.TEST:
                ref(a);
                mv.visitMethodInsn(INVOKESTATIC, JIT, "truthy", "(" + OBJ + ")Z", false);
                // truthy != C skips the jump
                mv.visitJumpInsn(Instruction.c(i) != 0 ? IFNE : IFEQ, at[next]);
                jump(pc + 2);
                return;
            case Op.TESTSET:
                spill(Instruction.b(i), Instruction.b(i) + 1);
                stackArgs(a);
                reg(Instruction.b(i));
                iconst(Instruction.c(i) != 0 ? 1 : 0);
                mv.visitMethodInsn(INVOKESTATIC, JIT, "testSet", "(" + STK + NUM + "IIZ)Z", false);
                mv.visitVarInsn(ISTORE, R);
                fill(a);
                mv.visitVarInsn(ILOAD, R);
                mv.visitJumpInsn(IFEQ, at[next]);
                jump(pc + 2);
                return;
            case Op.CALL:
                call(pc, i, a);
                return;
            case Op.TAILCALL: { // a step of the budget, as the interpreter's fast path takes it
                if (direct) {
                    directTailCall(pc, i, a);
                    return;
                }
                trapCheck(i, next);
                Label slow = new Label();
                Label slowPop = new Label();
                Label notLua = new Label();
                luaCallee(a, i, notLua);
                mv.visitVarInsn(ILOAD, DEPTH);
                jit("tailEnter", "(L" + THREAD + ";L" + FRAME + ";L" + CLOSURE + ";III)L" + CODE + ";");
                mv.visitInsn(DUP);
                mv.visitJumpInsn(IFNULL, slowPop);
                // the frame is the callee's now: its code runs it, and its result is this one's
                invokeRun(F);
                mv.visitInsn(IRETURN);
                mv.visitLabel(slowPop);
                mv.visitInsn(POP);
                mv.visitLabel(slow);
                slow(pc, i);
                // a Java function (return setmetatable(o, mt)): called as CALL calls it, all its
                // results wanted, then on to the RETURN A 0 after every TAILCALL (Jit#tailCallJava)
                mv.visitLabel(notLua);
                mv.visitVarInsn(ALOAD, O);
                mv.visitTypeInsn(INSTANCEOF, JFUNC);
                mv.visitJumpInsn(IFEQ, slow);
                callJavaInO("tailCallJava", a, i, next);
                Label done = new Label();
                resumeAfter(pc, i, next, new Label(), done);
                mv.visitLabel(done);
                continueAfter(a, nregs, next);
                return;
            }
            case Op.RETURN: {
                int b = Instruction.b(i);
                if (direct && b == 0 && JitAnalysis.opensTop(code, pc - 1)) { // the registers, then the open results
                    spill(a, inLocals(pc, i, a));
                    mv.visitVarInsn(ALOAD, T);
                    mv.visitVarInsn(ILOAD, BASE);
                    reg(a);
                    jit("returnOpen", "(L" + THREAD + ";II)" + OBJ);
                    mv.visitInsn(ARETURN);
                    return;
                }
                if (direct && b == 0) { // after a TAILCALL, which returns itself
                    slow(pc, i);
                    return;
                }
                if (direct) { // (a fixed count: directEligible) as JitCode.direct returns them
                    for (int j = 1; j < b - 1; j++) { // after the first: the stack, from the function's slot on
                        stkArray();
                        reg(j - 1);
                        ref(a + j);
                        mv.visitInsn(AASTORE);
                        numArray();
                        reg(j - 1);
                        num(a + j);
                        mv.visitInsn(LASTORE);
                    }
                    mv.visitVarInsn(ALOAD, T);
                    iconst(b - 1);
                    mv.visitFieldInsn(PUTFIELD, THREAD, "nret", "I");
                    if (b == 1) {
                        mv.visitInsn(ACONST_NULL);
                    } else {
                        mv.visitVarInsn(ALOAD, T);
                        num(a);
                        mv.visitFieldInsn(PUTFIELD, THREAD, "valueNum", "J");
                        ref(a);
                    }
                    mv.visitInsn(ARETURN);
                    return;
                }
                mv.visitVarInsn(ALOAD, T);
                frameForHelper();
                reg(a);
                if (b != 0) {
                    iconst(b - 1);
                } else { // up to the stack top an open call or VARARG left
                    mv.visitVarInsn(ALOAD, T);
                    mv.visitFieldInsn(GETFIELD, THREAD, "top", "I");
                    reg(a);
                    mv.visitInsn(ISUB);
                }
                mv.visitMethodInsn(INVOKESTATIC, JIT, "ret", "(L" + THREAD + ";L" + FRAME + ";II)Z", false);
                Label slow = new Label();
                mv.visitJumpInsn(IFEQ, slow);
                mv.visitInsn(ICONST_0);
                mv.visitInsn(IRETURN);
                mv.visitLabel(slow);
                slow(pc, i);
                return;
            }
            case Op.FORLOOP: {
                // cnt = R[a+1]; if (cnt != 0) { R[a+1] = cnt-1; v = R[a] + R[a+2]; R[a] = v; R[a+3] = v; jump back }
                num(a + 1);
                mv.visitInsn(LCONST_0);
                mv.visitInsn(LCMP);
                mv.visitJumpInsn(IFEQ, at[next]);
                trapCheck(i, next);
                num(a + 1);
                mv.visitInsn(LCONST_1);
                mv.visitInsn(LSUB);
                mv.visitVarInsn(LSTORE, TMPL);
                loopWrite(a + 1, false);
                num(a);
                num(a + 2);
                mv.visitInsn(LADD);
                mv.visitVarInsn(LSTORE, TMPL);
                loopWrite(a, false);
                loopWrite(a + 3, true);
                jump(next + Instruction.sbx(i));
                return;
            }
            case Op.FORPREP: {
                spill(a, a + 3);
                stackArgs(a);
                mv.visitMethodInsn(INVOKESTATIC, JIT, "forPrep", "(" + STK + NUM + "I)I", false);
                mv.visitVarInsn(ISTORE, R);
                fillRange(a, a + 4);
                mv.visitVarInsn(ILOAD, R);
                mv.visitJumpInsn(IFEQ, at[next]);
                mv.visitVarInsn(ILOAD, R);
                mv.visitJumpInsn(IFGT, at[next + Instruction.sbx(i) + 1]);
                slow(pc, i);
                return;
            }
            case Op.TFORPREP: {
                if (Instruction.sbx(i) < 0) { // only in a corrupt chunk: the general path, as in the interpreter
                    slow(pc, i);
                    return;
                }
                ref(a + 3);
                mv.visitMethodInsn(INVOKESTATIC, JIT, "notClosable", "(" + OBJ + ")Z", false);
                onOrSlow(pc, i, next + Instruction.sbx(i));
                return;
            }
            case Op.CLOSE:
                mv.visitVarInsn(ALOAD, T);
                reg(a);
                mv.visitMethodInsn(INVOKESTATIC, JIT, "closeFast", "(L" + THREAD + ";I)Z", false);
                onOrSlow(pc, i, next);
                return;
            case Op.TFORCALL: {
                if (direct) { // the step in place or a stop: a trap first, as the call would see it
                    trapCheck(i, next);
                    spill(a, a + 3);
                    mv.visitVarInsn(ALOAD, T);
                    reg(a);
                    iconst(Instruction.c(i));
                    jit("iteratorStep", "(L" + THREAD + ";II)Z");
                    Label stop = new Label();
                    mv.visitJumpInsn(IFEQ, stop);
                    fillRange(a + 4, a + 4 + Instruction.c(i));
                    jump(next);
                    mv.visitLabel(stop);
                    slow(pc, i);
                    return;
                }
                // next's or ipairs' step in place: no call, so only the loop's values to take
                Label call = new Label();
                mv.visitVarInsn(ALOAD, T);
                reg(a);
                iconst(Instruction.c(i));
                jit("iteratorStep", "(L" + THREAD + ";II)Z");
                mv.visitJumpInsn(IFEQ, call);
                fillRange(a + 4, a + 4 + Instruction.c(i));
                jump(next);
                mv.visitLabel(call);
                mv.visitVarInsn(ALOAD, T);
                frameForHelper();
                reg(a);
                iconst(i);
                iconst(next);
                mv.visitVarInsn(ALOAD, THIS);
                mv.visitVarInsn(ILOAD, BASE);
                mv.visitMethodInsn(INVOKESTATIC, JIT, "tforJava", "(L" + THREAD + ";L" + FRAME + ";IIIL" + CODE + ";I)I", false);
                Label done = new Label();
                resumeAfter(pc, i, next, new Label(), done);
                mv.visitLabel(done);
                continueAfter(a + 4, a + 4 + Instruction.c(i), next);
                return;
            }
            case Op.TFORLOOP: {
                ref(a + 4);
                mv.visitJumpInsn(IFNULL, at[next]);
                trapCheck(i, next);
                copy(a + 2, a + 4);
                jump(next + Instruction.sbx(i));
                return;
            }
            default: // LOADKX, TBC, SETLIST/VARARG with open counts; EXTRAARG (corrupt code: an error)
                slow(pc, i);
        }
    }

    /**
     * The stack holds a helper's result: the next pc (on to {@code done}), -3 (the slow path, also
     * reached by jumps to {@code slow} with an empty stack), or what {@link Jit#resume} would return.
     */
    private void resumeAfter(int pc, int i, int next, Label slow, Label done) {
        mv.visitInsn(DUP);
        mv.visitVarInsn(ISTORE, R);
        iconst(next);
        mv.visitJumpInsn(IF_ICMPEQ, done);
        mv.visitVarInsn(ILOAD, R);
        iconst(-3);
        mv.visitJumpInsn(IF_ICMPNE, resume);
        mv.visitLabel(slow);
        slow(pc, i);
    }

    /**
     * The function in register {@code a} into O; unless it is a Lua closure, on to
     * {@code notLua}; else pushes the thread, this frame, the closure, its register's stack index
     * and the instruction (the common head of {@link Jit#enter} and {@link Jit#tailEnter}).
     */
    private void luaCallee(int a, int i, Label notLua) {
        calleeInO(a, notLua);
        mv.visitVarInsn(ALOAD, T);
        frameForHelper();
        closureInO();
        reg(a);
        iconst(i);
    }

    /** The function in register {@code a} into O; unless it is a Lua closure, on to {@code notLua}. */
    private void calleeInO(int a, Label notLua) {
        ref(a);
        mv.visitVarInsn(ASTORE, O);
        mv.visitVarInsn(ALOAD, O);
        mv.visitTypeInsn(INSTANCEOF, CLOSURE);
        mv.visitJumpInsn(IFEQ, notLua);
    }

    /** Pushes O as the Lua closure it holds. */
    private void closureInO() {
        mv.visitVarInsn(ALOAD, O);
        mv.visitTypeInsn(CHECKCAST, CLOSURE);
    }

    /** Frameless code stops at the call (instruction {@code pc}) of the function in O, which needs a frame ({@link Jit#deoptCallee}). */
    private void stopAtCallee(int pc) {
        iconst(pc);
        mv.visitVarInsn(ISTORE, R);
        mv.visitJumpInsn(GOTO, calleeShared);
    }

    /** With a callee's code on the stack: its {@code run(t, frame in local fr, depth + 1)}, from this call site. */
    private void invokeRun(int fr) {
        mv.visitVarInsn(ALOAD, T);
        mv.visitVarInsn(ALOAD, fr);
        mv.visitVarInsn(ILOAD, DEPTH);
        mv.visitInsn(ICONST_1);
        mv.visitInsn(IADD);
        mv.visitMethodInsn(INVOKEVIRTUAL, CODE, "run", RUN_DESC, false);
    }

    private void call(int pc, int i, int a) {
        int next = pc + 1;
        int c = Instruction.c(i);
        Label notLua = new Label();
        Label slow = new Label();
        Label done = new Label();
        Label framed = new Label();
        trapCheck(i, next);
        calleeInO(a, direct ? framed : notLua);
        if (direct || Instruction.b(i) != 0 && c != 0) directCall(pc, i, a, framed, done);
        if (direct) {
            // leaf Java functions, ipairs and pairs need no frame (Jit.callFrameless); any other
            // callee that needs one: the interpreter makes the call
            mv.visitLabel(framed);
            spill(a + 1, inLocals(pc, i, a + 1));
            mv.visitVarInsn(ALOAD, T);
            mv.visitVarInsn(ALOAD, O);
            reg(a);
            iconst(i);
            jit("callFrameless", "(L" + THREAD + ";" + OBJ + "II)I");
            Label stop = new Label();
            Label notLeaf = new Label();
            mv.visitInsn(DUP);
            iconst(Jit.LEAF);
            mv.visitJumpInsn(IF_ICMPNE, notLeaf);
            mv.visitInsn(POP);
            leafCall(pc, i, a, done, stop);
            mv.visitLabel(notLeaf);
            madeOrStop(pc, done, stop);
            mv.visitLabel(stop);
            stopAtCallee(pc);
            mv.visitLabel(done);
            continueAfter(a, c != 0 ? a + c - 1 : nregs, next); // open results: every register from A may be one
            return;
        }
        mv.visitLabel(framed);
        mv.visitVarInsn(ALOAD, T);
        frameForHelper();
        closureInO();
        reg(a);
        iconst(i);
        iconst(next);
        mv.visitVarInsn(ILOAD, DEPTH);
        jit("enter", "(L" + THREAD + ";L" + FRAME + ";L" + CLOSURE + ";IIII)L" + FRAME + ";");
        mv.visitInsn(DUP);
        mv.visitVarInsn(ASTORE, NF);
        mv.visitJumpInsn(IFNULL, slow);
        // ((JitCode) callee.p.jit).run(t, nf, depth + 1): this call site's own profile
        closureInO();
        mv.visitFieldInsn(GETFIELD, CLOSURE, "p", "L" + PROTO + ";");
        mv.visitFieldInsn(GETFIELD, PROTO, "jit", OBJ);
        mv.visitTypeInsn(CHECKCAST, CODE);
        invokeRun(NF);
        mv.visitInsn(DUP);
        mv.visitVarInsn(ISTORE, R);
        mv.visitJumpInsn(IFNE, afterCall);
        mv.visitLabel(done);
        // the results, and whatever debug.setlocal changed below them
        int written = c != 0 ? a + c - 1 : nregs;
        continueAfter(a, written, next);

        mv.visitLabel(notLua);
        mv.visitVarInsn(ALOAD, O);
        mv.visitTypeInsn(INSTANCEOF, JFUNC);
        mv.visitJumpInsn(IFEQ, slow);
        // a leaf function runs without its frame here too (an error: the slow path calls it again)
        Label notLeaf = new Label();
        mv.visitVarInsn(ALOAD, T);
        mv.visitVarInsn(ALOAD, O);
        reg(a);
        iconst(i);
        jit("leafReady", "(L" + THREAD + ";" + OBJ + "II)Z");
        mv.visitJumpInsn(IFEQ, notLeaf);
        leafCall(pc, i, a, done, slow);
        mv.visitLabel(notLeaf);
        callJavaInO("callJava", a, i, next);
        resumeAfter(pc, i, next, slow, done); // the results are in, as after a Lua call
    }

    /**
     * Pushes {@code helper(t, f, (JavaFunction) O, a, i, next)}: {@link Jit#callJava} or {@link
     * Jit#tailCallJava} of the Java function in O, called from register {@code a} by instruction
     * {@code i}; for {@link #resumeAfter}.
     */
    private void callJavaInO(String helper, int a, int i, int next) {
        mv.visitVarInsn(ALOAD, T);
        frameForHelper();
        mv.visitVarInsn(ALOAD, O);
        mv.visitTypeInsn(CHECKCAST, JFUNC);
        reg(a);
        iconst(i);
        iconst(next);
        jit(helper, "(L" + THREAD + ";L" + FRAME + ";L" + JFUNC + ";III)I");
    }

    /** Whether RK operand {@code x} is a constant string (a field name: a per-site cache, {@link #site}). */
    private boolean stringConstant(int x) {
        return Instruction.isK(x) && p.kRef[Instruction.indexK(x)] instanceof dev.lunatik.vm.value.LuaString;
    }

    /**
     * Frameless code's read of field {@code k} (a constant string, RK operand) of the table
     * {@code table} pushes into register {@code a}, when the table itself holds it
     * ({@link Jit#ownField}): the value goes straight to the register's locals and on to
     * {@code next}. Otherwise falls through, with an empty stack, to the general read, which
     * shares the per-site cache (the next {@link #site}).
     */
    private void ownField(int a, int k, int next, Runnable table) {
        Label other = new Label();
        mv.visitVarInsn(ALOAD, T);
        table.run();
        constRef(Instruction.indexK(k));
        mv.visitVarInsn(ALOAD, IC);
        iconst(sites);
        jit("ownField", "(L" + THREAD + ";" + OBJ + OBJ + "[II)" + OBJ);
        mv.visitInsn(DUP);
        mv.visitJumpInsn(IFNULL, other);
        mv.visitVarInsn(ASTORE, refLocal(a));
        mv.visitVarInsn(ALOAD, T);
        mv.visitFieldInsn(GETFIELD, THREAD, "valueNum", "J");
        mv.visitVarInsn(LSTORE, numLocal(a));
        jump(next);
        mv.visitLabel(other);
        mv.visitInsn(POP);
    }

    /**
     * A comparison (instruction {@code i} at {@code pc}, field A {@code a}) with its helper's
     * answer on the operand stack: 1 or 0 the comparison's outcome, which when equal to
     * {@code A != 0} goes on to the jump that follows and otherwise skips it; negative the slow path.
     */
    private void conditionOrSlow(int pc, int i, int a) {
        Label slow = new Label();
        mv.visitInsn(DUP);
        mv.visitVarInsn(ISTORE, R);
        mv.visitJumpInsn(IFLT, slow);
        mv.visitVarInsn(ILOAD, R);
        mv.visitJumpInsn(a != 0 ? IFNE : IFEQ, at[pc + 1]);
        jump(pc + 2);
        mv.visitLabel(slow);
        slow(pc, i);
    }

    /**
     * Frameless code, with a helper's three-way answer on the operand stack: positive on to
     * {@code made}, zero on to {@code lasting} (a stop that counts against the function), negative
     * a stop at {@code pc} that does not (a collection is due, the stack lacks room).
     */
    private void madeOrStop(int pc, Label made, Label lasting) {
        Label pop = new Label();
        mv.visitInsn(DUP);
        mv.visitJumpInsn(IFGT, pop);
        mv.visitJumpInsn(IFEQ, lasting);
        iconst(pc);
        mv.visitVarInsn(ISTORE, R);
        mv.visitJumpInsn(GOTO, trapShared);
        mv.visitLabel(pop);
        mv.visitInsn(POP);
        mv.visitJumpInsn(GOTO, made);
    }

    /**
     * The call of the leaf Java function in O ({@link Jit#callFrameless} or {@link Jit#leafReady}
     * readied it) from this site, without a frame: on to {@code done} with its results in place,
     * or to {@code stop} when it raised (the interpreter makes the call again, with frames).
     */
    private void leafCall(int pc, int i, int a, Label done, Label stop) {
        Label from = new Label();
        Label to = new Label();
        Label failed = new Label();
        mv.visitTryCatchBlock(from, to, failed, null);
        mv.visitLabel(from);
        mv.visitVarInsn(ALOAD, O);
        mv.visitTypeInsn(CHECKCAST, JFUNC);
        mv.visitVarInsn(ALOAD, T);
        reg(a + 1);
        if (Instruction.b(i) != 0) {
            iconst(Instruction.b(i) - 1);
        } else { // up to the top the previous call left
            mv.visitVarInsn(ALOAD, T);
            mv.visitFieldInsn(GETFIELD, THREAD, "top", "I");
            reg(a + 1);
            mv.visitInsn(ISUB);
        }
        mv.visitMethodInsn(INVOKEVIRTUAL, JFUNC, "invoke", "(Ldev/lunatik/vm/api/LuaStack;II)I", false);
        mv.visitLabel(to);
        mv.visitVarInsn(ISTORE, R);
        mv.visitVarInsn(ALOAD, T);
        reg(a);
        mv.visitVarInsn(ILOAD, R);
        iconst(i);
        jit("leafDone", "(L" + THREAD + ";III)V");
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(failed); // (frameless code has no new frame: NF holds the throwable)
        mv.visitVarInsn(ASTORE, NF);
        mv.visitVarInsn(ALOAD, T);
        mv.visitVarInsn(ALOAD, NF);
        jit("leafFailed", "(L" + THREAD + ";Ljava/lang/Throwable;)V");
        mv.visitJumpInsn(GOTO, stop);
    }

    /**
     * The call of the Lua closure in O by instruction {@code i} (fixed argument and result
     * counts) without a frame ({@link JitCode#direct}) when {@link Jit#directCallee} allows, on to
     * {@code done} with its results in place; else on to {@code framed} with an empty stack.
     * When the callee stops, frameless code records itself and returns, and a frame's code turns
     * the records into frames and leaves to the interpreter.
     */
    private void directCall(int pc, int i, int a, Label framed, Label done) {
        int next = pc + 1;
        int want = Instruction.c(i) - 1;
        Label noCallee = new Label();
        Label stopped = new Label();
        int nargs = Instruction.b(i) - 1; // -1: up to the top (frameless code only: opensTop)
        boolean values = nargs >= 0 && nargs <= JitCode.VALUE_ARGS;
        Label invoked = new Label();
        if (direct && valueParams && nargs == p.numParams) selfCall(a, nargs, invoked);
        if (values) { // the arguments go as values (the framed path below spills them when it must)
            mv.visitVarInsn(ALOAD, T);
            closureInO();
            reg(a + 1);
            mv.visitVarInsn(ILOAD, DEPTH);
            // (call() checked the trap just before: a frameless callee sees it at its own first step)
            jit("directCodeUntrapped", "(L" + THREAD + ";L" + CLOSURE + ";II)L" + CODE + ";");
        } else {
            // the arguments, where the callee takes them (its slot gets the function if it stops: Jit.deoptFramed)
            spill(a + 1, nargs >= 0 ? a + 1 + nargs : inLocals(pc, i, a + 1));
            mv.visitVarInsn(ALOAD, T);
            closureInO();
            reg(a);
            iconst(i);
            mv.visitVarInsn(ILOAD, DEPTH);
            jit("directCallee", "(L" + THREAD + ";L" + CLOSURE + ";III)L" + CODE + ";");
        }
        mv.visitInsn(DUP);
        mv.visitJumpInsn(IFNULL, noCallee);
        invokeDirect(a + 1, a, nargs, values);
        mv.visitLabel(invoked);
        mv.visitInsn(DUP);
        mv.visitVarInsn(ASTORE, O); // the first result (the callee is not needed any more)
        mv.visitFieldInsn(GETSTATIC, JIT, "STOPPED", OBJ);
        mv.visitJumpInsn(IF_ACMPEQ, stopped);
        if (want == 0 || want == 1) { // none or the first: into its register, nothing through the stack
            reloadStack();
            if (want == 1) {
                writeRef(a, () -> mv.visitVarInsn(ALOAD, O));
                mv.visitVarInsn(ALOAD, T);
                mv.visitFieldInsn(GETFIELD, THREAD, "valueNum", "J");
                mv.visitVarInsn(LSTORE, TMPL);
                writeNumFromTmp(a);
            }
            // (frameless code calls nothing that could debug.setlocal this frame: no mark to look for)
            mv.visitJumpInsn(GOTO, at[next]);
        } else { // the first to the stack, the rest nil or the top set; the registers from there
            mv.visitVarInsn(ALOAD, T);
            mv.visitVarInsn(ALOAD, O);
            reg(a);
            iconst(i);
            jit("placeResults", "(L" + THREAD + ";" + OBJ + "II)V");
            mv.visitJumpInsn(GOTO, done);
        }
        mv.visitLabel(noCallee);
        mv.visitInsn(POP);
        mv.visitJumpInsn(GOTO, framed);
        mv.visitLabel(stopped);
        if (direct) {
            iconst(pc);
            mv.visitVarInsn(ISTORE, R);
            iconst(a);
            mv.visitJumpInsn(GOTO, callStopped);
        } else {
            mv.visitVarInsn(ALOAD, T);
            frameForHelper();
            iconst(i);
            iconst(next);
            jit("deoptFramed", "(L" + THREAD + ";L" + FRAME + ";II)I");
            mv.visitVarInsn(ISTORE, R);
            mv.visitJumpInsn(GOTO, resume);
        }
    }

    /**
     * Frameless code calling its own closure (a recursive function reading itself from an
     * upvalue, as {@code local function f} does): when O is this activation's closure, the call
     * goes to this very method, bound statically, with that closure, the one the code already
     * has. The callee's closure then does not wait for the upvalue's value to be loaded (which
     * only feeds a predicted branch), so one call does not wait for the loads of the last, and
     * nothing about the callee's code needs to be looked up: C2 can inline it into itself. On to
     * {@code invoked} with the result (as {@link #invokeDirect}); any other callee, or no room
     * ({@link JitCode#directNeed}, the Java depth), falls through to the general call.
     */
    private void selfCall(int a, int nargs, Label invoked) {
        Label other = new Label();
        mv.visitVarInsn(ALOAD, O);
        mv.visitVarInsn(ALOAD, CL);
        mv.visitJumpInsn(IF_ACMPNE, other);
        reg(a + 1);
        mv.visitVarInsn(ALOAD, THIS);
        mv.visitFieldInsn(GETFIELD, CODE, "directNeed", "I");
        mv.visitInsn(IADD);
        mv.visitVarInsn(ALOAD, T);
        mv.visitFieldInsn(GETFIELD, THREAD, "directTop", "I");
        mv.visitJumpInsn(IF_ICMPGT, other);
        mv.visitVarInsn(ILOAD, DEPTH);
        iconst(Jit.MAX_DEPTH);
        mv.visitJumpInsn(IF_ICMPGE, other);
        mv.visitVarInsn(ALOAD, THIS);
        callArgs(a + 1, a, nargs, () -> mv.visitVarInsn(ALOAD, CL));
        mv.visitMethodInsn(INVOKEVIRTUAL, SELF, "direct" + nargs, directDesc(nargs), false);
        mv.visitJumpInsn(GOTO, invoked);
        mv.visitLabel(other);
    }

    /**
     * With the callee's code on the operand stack: its {@code direct(t, O, base + r, depth + 1)},
     * from this call site (its own type profile), the callee's registers from register {@code r};
     * with {@code values}, {@code directN} with the {@code nargs} arguments after register
     * {@code a} as values.
     */
    private void invokeDirect(int r, int a, int nargs, boolean values) {
        callArgs(r, a, values ? nargs : 0, this::closureInO);
        if (values) mv.visitMethodInsn(INVOKEVIRTUAL, CODE, "direct" + nargs, directDesc(nargs), false);
        else mv.visitMethodInsn(INVOKEVIRTUAL, CODE, "direct", DIRECT_DESC, false);
    }

    /**
     * Pushes a frameless call's arguments after its receiver: the thread, the closure
     * {@code closure} pushes, the callee's base (register {@code r}), {@code depth + 1}, and the
     * {@code nargs} arguments after register {@code a} as values.
     */
    private void callArgs(int r, int a, int nargs, Runnable closure) {
        mv.visitVarInsn(ALOAD, T);
        closure.run();
        reg(r);
        mv.visitVarInsn(ILOAD, DEPTH);
        mv.visitInsn(ICONST_1);
        mv.visitInsn(IADD);
        for (int j = 1; j <= nargs; j++) {
            ref(a + j);
            num(a + j);
        }
    }

    /**
     * TAILCALL in frameless code: a callee that can run frameless takes this activation's place
     * (its function and arguments moved down to this one's slot, {@link Jit#directTailCallee}) and
     * its results are this one's; should it stop, its record is marked a tail call and none is
     * made for this activation, whose frame it would have reused. Any other callee stops here.
     */
    private void directTailCall(int pc, int i, int a) {
        Label stop = new Label();
        Label noCallee = new Label();
        Label stopped = new Label();
        trapCheck(i, pc + 1);
        calleeInO(a, stop);
        int nargs = Instruction.b(i) - 1; // -1: up to the top (opensTop)
        boolean values = nargs >= 0 && nargs <= JitCode.VALUE_ARGS;
        if (values) { // the arguments as values: nothing moves down the stack
            mv.visitVarInsn(ALOAD, T);
            closureInO();
            reg(0);
            mv.visitVarInsn(ILOAD, DEPTH);
            jit(direct ? "directCodeUntrapped" : "directCode", "(L" + THREAD + ";L" + CLOSURE + ";II)L" + CODE + ";");
        } else {
            spill(a + 1, inLocals(pc, i, a + 1));
            mv.visitVarInsn(ALOAD, T);
            closureInO();
            reg(a);
            iconst(i);
            mv.visitVarInsn(ILOAD, DEPTH);
            reg(-1);
            jit("directTailCallee", "(L" + THREAD + ";L" + CLOSURE + ";IIII)L" + CODE + ";");
        }
        mv.visitInsn(DUP);
        mv.visitJumpInsn(IFNULL, noCallee);
        invokeDirect(0, a, nargs, values);
        mv.visitInsn(DUP);
        mv.visitFieldInsn(GETSTATIC, JIT, "STOPPED", OBJ);
        mv.visitJumpInsn(IF_ACMPEQ, stopped);
        mv.visitInsn(ARETURN); // its results are this one's, where this one's go
        mv.visitLabel(stopped);
        mv.visitInsn(POP);
        mv.visitVarInsn(ALOAD, T);
        jit("deoptTail", "(L" + THREAD + ";)" + OBJ);
        mv.visitInsn(ARETURN);
        mv.visitLabel(noCallee);
        mv.visitInsn(POP);
        mv.visitLabel(stop);
        stopAtCallee(pc);
    }

    /** With a boolean on the stack: true goes on at {@code target}, false takes the slow path of instruction {@code i}. */
    private void onOrSlow(int pc, int i, int target) {
        Label slow = new Label();
        mv.visitJumpInsn(IFEQ, slow);
        jump(target);
        mv.visitLabel(slow);
        slow(pc, i);
    }

    /** A unary operation on an integer R[B] into R[A]: {@code op} turns the long on the stack into the result. */
    private void unaryInt(int pc, int i, Runnable op) {
        Label slow = new Label();
        int b = Instruction.b(i);
        guardInt(b, slow);
        setInt(Instruction.a(i), () -> {
            num(b);
            op.run();
        });
        jump(pc + 1);
        mv.visitLabel(slow);
        slow(pc, i);
    }

    /**
     * An instruction run by {@code Jit.helper(t, f, i, next, base)}, which does it and returns true
     * or, having done nothing, returns false for the slow path; after it, {@code fills} takes the
     * registers it wrote.
     */
    private void helperOrSlow(int pc, int i, String helper, Runnable fills) {
        Label slow = new Label();
        mv.visitVarInsn(ALOAD, T);
        frameForHelper();
        iconst(i);
        iconst(pc + 1);
        mv.visitVarInsn(ILOAD, BASE);
        mv.visitMethodInsn(INVOKESTATIC, JIT, helper, "(L" + THREAD + ";L" + FRAME + ";III)Z", false);
        mv.visitJumpInsn(IFEQ, slow);
        fills.run();
        jump(pc + 1);
        mv.visitLabel(slow);
        slow(pc, i);
    }

    /** After a helper that returns true when it wrote registers [from, to): take them, go on at {@code next}; else fall through. */
    private void filledIfTrue(int from, int to, int next) {
        Label no = new Label();
        mv.visitJumpInsn(IFEQ, no);
        fillRange(from, to);
        mv.visitJumpInsn(GOTO, at[next]);
        mv.visitLabel(no);
    }

    private void arith(int pc, int i, int op, int a) {
        int b = Instruction.b(i);
        int c = Instruction.c(i);
        Label slow = new Label();
        guardInt(b, slow);
        guardInt(c, slow);
        boolean divides = op == Op.MOD || op == Op.IDIV;
        if (divides) { // division by zero: the slow path raises the error
            numRK(c);
            mv.visitInsn(LCONST_0);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFEQ, slow);
        }
        setInt(a, () -> {
            numRK(b);
            numRK(c);
            switch (op) {
                case Op.ADD -> mv.visitInsn(LADD);
                case Op.SUB -> mv.visitInsn(LSUB);
                case Op.MUL -> mv.visitInsn(LMUL);
                case Op.BAND -> mv.visitInsn(LAND);
                case Op.BOR -> mv.visitInsn(LOR);
                case Op.BXOR -> mv.visitInsn(LXOR);
                case Op.MOD -> mv.visitMethodInsn(INVOKESTATIC, JIT, "mod", "(JJ)J", false);
                case Op.IDIV -> mv.visitMethodInsn(INVOKESTATIC, JIT, "idiv", "(JJ)J", false);
                case Op.SHL -> mv.visitMethodInsn(INVOKESTATIC, JIT, "shl", "(JJ)J", false);
                default -> mv.visitMethodInsn(INVOKESTATIC, JIT, "shr", "(JJ)J", false);
            }
        });
        jump(pc + 1);
        mv.visitLabel(slow);
        slow(pc, i);
    }

    // ------------------------------------------------------------------ pieces

    /**
     * The generic slow path of instruction {@code i} at {@code pc}: its pc into R and a jump to
     * the method's one slow-path block ({@link #slowShared}), which calls {@link Jit#slowAt} and
     * goes on where it says through the refill, as any re-entry does. One shared block instead of
     * a call and an inline refill per site keeps methods small, which is what lets C2 compile them
     * whole and still inline their fast paths' helpers.
     */
    private void slow(int pc, int i) {
        iconst(pc);
        mv.visitVarInsn(ISTORE, R);
        mv.visitJumpInsn(GOTO, direct ? deoptShared : loopAt[pc] >= 0 ? loopSlow[loopAt[pc]] : slowShared);
    }

    /**
     * Goes on at {@code next} after something that may have written the stack: the stack arrays
     * and registers 0 to {@code upTo} taken again, inline when few, else through the shared refill.
     */
    private void continueAfter(int upTo, int next) {
        continueAfter(0, upTo, next);
    }

    /**
     * As {@link #continueAfter(int, int)} after a call, which wrote registers [from, upTo) (its
     * results) and nothing below them but what {@code debug.setlocal} marks ({@link Jit#localsSet}).
     */
    private void continueAfter(int from, int upTo, int next) {
        reloadStack();
        Label all = new Label();
        if (from > 0 && !direct) { // (frameless code has no frame for debug.setlocal to change)
            mv.visitVarInsn(ALOAD, F);
            mv.visitMethodInsn(INVOKESTATIC, JIT, "localsSet", "(L" + FRAME + ";)Z", false);
            mv.visitJumpInsn(IFNE, all);
        }
        if (direct || countCached(from, upTo) <= INLINE_FILL) {
            fillRange(from, upTo);
            mv.visitJumpInsn(GOTO, at[next]);
            if (direct) return; // frameless code has no refill (nor debug.setlocal marks)
        }
        mv.visitLabel(all);
        iconst(next);
        mv.visitVarInsn(ISTORE, R);
        mv.visitJumpInsn(GOTO, refill);
    }

    private int countCached(int from, int to) {
        int n = 0;
        for (int r = from; r < Math.min(to, nregs); r++) if (cached[r]) n++;
        return n;
    }

    private int refLocal(int r) {
        return FIRST_REG + 3 * r;
    }

    private int numLocal(int r) {
        return FIRST_REG + 3 * r + 1;
    }

    /** The instructions left to the interpreter ({@link #compile(Proto, boolean, boolean[])}); null: none. */
    private boolean[] cold;

    private boolean isCold(int pc) {
        return cold != null && cold[pc];
    }

    private boolean isCached(int r) {
        return r >= 0 && r < nregs && cached[r];
    }

    /** Takes registers [from, to) from the stack arrays into their locals. */
    private void fillRange(int from, int to) {
        for (int r = from; r < Math.min(to, nregs); r++) fill(r);
    }

    private void fill(int r) {
        if (!isCached(r)) return;
        stkArray();
        reg(r);
        mv.visitInsn(AALOAD);
        mv.visitVarInsn(ASTORE, refLocal(r));
        numArray();
        reg(r);
        mv.visitInsn(LALOAD);
        mv.visitVarInsn(LSTORE, numLocal(r));
    }

    /**
     * Frameless code writes registers to their locals only: registers [from, to) to the stack
     * slots, before anything reads them there (a helper, a callee's parameters, the frames the
     * interpreter takes over). Frame code ({@link JitCode#run}) writes them through, but for a
     * loop's registers kept in locals ({@link #loopAt}): those go when one is in the range.
     */
    private void spill(int from, int to) {
        if (!direct) {
            if (emitting >= 0 && loopAt[emitting] >= 0) {
                int a = Instruction.a(code[loopAt[emitting]]);
                if (from <= a + 3 && to > a) spillLoop(emitting, false);
            }
            return;
        }
        for (int r = Math.max(from, 0); r < Math.min(to, nregs); r++) {
            stkArray();
            reg(r);
            mv.visitVarInsn(ALOAD, refLocal(r));
            mv.visitInsn(AASTORE);
            numArray();
            reg(r);
            mv.visitVarInsn(LLOAD, numLocal(r));
            mv.visitInsn(LASTORE);
        }
    }

    /** R[r]'s reference half = the value {@code value} pushes (written through to the stack). */
    private void writeRef(int r, Runnable value) {
        if (direct) { // frameless code keeps registers in locals only (see spill)
            value.run();
            mv.visitVarInsn(ASTORE, refLocal(r));
            return;
        }
        if (!isCached(r)) {
            stkArray();
            reg(r);
            value.run();
            mv.visitInsn(AASTORE);
            return;
        }
        value.run();
        mv.visitVarInsn(ASTORE, refLocal(r));
        stkArray();
        reg(r);
        mv.visitVarInsn(ALOAD, refLocal(r));
        mv.visitInsn(AASTORE);
    }

    /**
     * FORLOOP's write of the integer in TMPL to register {@code r} (its counter, index, or the
     * copy the body sees, {@code tagged}): in locals only when cached in a loop of
     * {@link #loopAt}, the stack getting it at the loop's exits ({@link #spillLoop}); else
     * through the stack as any write (and in frameless code, in locals).
     */
    private void loopWrite(int r, boolean tagged) {
        if (!isCached(r) || loopAt[emitting] < 0) {
            if (tagged) setIntFromTmp(r);
            else writeNumFromTmp(r);
            return;
        }
        if (tagged) {
            mv.visitFieldInsn(GETSTATIC, LUA, "INT", OBJ);
            mv.visitVarInsn(ASTORE, refLocal(r));
        }
        mv.visitVarInsn(LLOAD, TMPL);
        mv.visitVarInsn(LSTORE, numLocal(r));
    }

    /** R[r]'s number half = the long in TMPL (written through). */
    private void writeNumFromTmp(int r) {
        if (direct) {
            mv.visitVarInsn(LLOAD, TMPL);
            mv.visitVarInsn(LSTORE, numLocal(r));
            return;
        }
        numArray();
        reg(r);
        mv.visitVarInsn(LLOAD, TMPL);
        mv.visitInsn(LASTORE);
        if (isCached(r)) {
            mv.visitVarInsn(LLOAD, TMPL);
            mv.visitVarInsn(LSTORE, numLocal(r));
        }
    }

    /**
     * R[r] = the integer in TMPL. The stack's tag is stored only when it is not INT already (no
     * reference store, no GC barrier, in loops); it is the stack's tag that is tested, not the
     * local's: a call overwrites the stack above its results, where the caller's locals for its
     * dead registers go stale until written.
     */
    private void setIntFromTmp(int r) {
        if (direct) {
            mv.visitFieldInsn(GETSTATIC, LUA, "INT", OBJ);
            mv.visitVarInsn(ASTORE, refLocal(r));
            mv.visitVarInsn(LLOAD, TMPL);
            mv.visitVarInsn(LSTORE, numLocal(r));
            return;
        }
        stackArgs(r);
        mv.visitVarInsn(LLOAD, TMPL);
        mv.visitMethodInsn(INVOKESTATIC, JIT, "setInt", "(" + STK + NUM + "IJ)V", false);
        if (isCached(r)) {
            mv.visitFieldInsn(GETSTATIC, LUA, "INT", OBJ);
            mv.visitVarInsn(ASTORE, refLocal(r));
            mv.visitVarInsn(LLOAD, TMPL);
            mv.visitVarInsn(LSTORE, numLocal(r));
        }
    }

    private void trapCheck(int i, int next) {
        Label no = new Label();
        mv.visitVarInsn(ALOAD, T);
        mv.visitFieldInsn(GETFIELD, THREAD, "g", "L" + GLOBAL + ";");
        mv.visitFieldInsn(GETFIELD, GLOBAL, "trap", "Z");
        mv.visitJumpInsn(IFEQ, no);
        if (direct) { // stops at the instruction, which the interpreter runs from its own trap check
            iconst(next - 1);
            mv.visitVarInsn(ISTORE, R);
            mv.visitJumpInsn(GOTO, trapShared);
        } else {
            mv.visitVarInsn(ALOAD, T);
            frameForHelper();
            iconst(i);
            iconst(next);
            mv.visitMethodInsn(INVOKESTATIC, JIT, "trap", "(L" + THREAD + ";L" + FRAME + ";II)V", false);
        }
        mv.visitLabel(no);
    }

    private void jump(int target) {
        mv.visitJumpInsn(GOTO, at[Math.max(0, Math.min(target, code.length))]);
    }

    /** Pushes the stack index of register {@code r}. */
    private void reg(int r) {
        mv.visitVarInsn(ILOAD, BASE);
        if (r != 0) {
            iconst(r);
            mv.visitInsn(IADD);
        }
    }

    /**
     * Pushes the stack's reference array. Frame code keeps it in a local, as it writes registers
     * through; frameless code touches the stack only on its way out or into a call's arguments,
     * and reads the thread's field there, so that no array is held (and saved) across its calls.
     */
    private void stkArray() {
        stackArray(direct, "stk", STK, STKV);
    }

    /** Pushes the stack's number array ({@link #stkArray}). */
    private void numArray() {
        stackArray(direct, "num", NUM, NUMV);
    }

    /** Pushes stk, num and the index of register {@code r}. */
    private void stackArgs(int r) {
        stkArray();
        numArray();
        reg(r);
    }

    private void ref(int r) {
        if (isCached(r)) {
            mv.visitVarInsn(ALOAD, refLocal(r));
            return;
        }
        stkArray();
        reg(r);
        mv.visitInsn(AALOAD);
    }

    private void num(int r) {
        if (isCached(r)) {
            mv.visitVarInsn(LLOAD, numLocal(r));
            return;
        }
        numArray();
        reg(r);
        mv.visitInsn(LALOAD);
    }

    private void upval(int n) {
        if (direct && n == 0) { // (LuaClosure.up0)
            mv.visitVarInsn(ALOAD, CL);
            mv.visitFieldInsn(GETFIELD, CLOSURE, "up0", "L" + UPVAL + ";");
            return;
        }
        mv.visitVarInsn(ALOAD, UP);
        iconst(n);
        mv.visitInsn(AALOAD);
    }

    /**
     * Pushes the per-site cache for a lookup with key RK(x) and the site's index (one entry per
     * level of {@link Ops#CACHED_LEVELS}),
     * or null and 0 when the key is not a constant string (nothing to cache).
     */
    private void site(int x) {
        if (stringConstant(x)) {
            mv.visitVarInsn(ALOAD, IC);
            iconst(sites);
            sites += Ops.CACHED_LEVELS;
        } else {
            mv.visitInsn(ACONST_NULL);
            mv.visitInsn(ICONST_0);
        }
    }

    private void jit(String helper, String desc) {
        mv.visitMethodInsn(INVOKESTATIC, JIT, helper, desc, false);
    }

    /** Pushes the reference half and the number half of RK(x). */
    private void rk(int x) {
        if (Instruction.isK(x)) {
            int k = Instruction.indexK(x);
            constRef(k);
            lconst(p.kNum[k]);
        } else {
            ref(x);
            num(x);
        }
    }

    private void numRK(int x) {
        if (Instruction.isK(x)) {
            lconst(p.kNum[Instruction.indexK(x)]);
        } else {
            num(x);
        }
    }

    private void constRef(int k) {
        if (p.kRef[k] == Lua.INT) {
            mv.visitFieldInsn(GETSTATIC, LUA, "INT", OBJ);
        } else if (p.kRef[k] == null) {
            mv.visitInsn(ACONST_NULL);
        } else {
            mv.visitVarInsn(ALOAD, KR);
            iconst(k);
            mv.visitInsn(AALOAD);
        }
    }

    /** Jumps to {@code slow} unless RK(x) is an integer (a constant's type is known now). */
    private void guardInt(int x, Label slow) {
        if (Instruction.isK(x)) {
            if (p.kRef[Instruction.indexK(x)] != Lua.INT) mv.visitJumpInsn(GOTO, slow);
            return;
        }
        ref(x);
        mv.visitFieldInsn(GETSTATIC, LUA, "INT", OBJ);
        mv.visitJumpInsn(IF_ACMPNE, slow);
    }

    private void copy(int dst, int src) {
        if (direct) {
            ref(src);
            mv.visitVarInsn(ASTORE, refLocal(dst));
            num(src);
            mv.visitVarInsn(LSTORE, numLocal(dst));
            return;
        }
        writeRef(dst, () -> ref(src));
        numArray();
        reg(dst);
        num(src);
        mv.visitInsn(LASTORE);
        if (isCached(dst)) {
            num(src);
            mv.visitVarInsn(LSTORE, numLocal(dst));
        }
    }

    private void storeConst(int a, int k) {
        if (p.kRef[k] == Lua.INT) {
            long v = p.kNum[k];
            setInt(a, () -> lconst(v));
            return;
        }
        writeRef(a, () -> constRef(k));
    }

    /** R[a] = the integer {@code value} pushes. */
    private void setInt(int a, Runnable value) {
        value.run();
        mv.visitVarInsn(LSTORE, TMPL);
        setIntFromTmp(a);
    }

    private void iconst(int v) {
        if (v >= -1 && v <= 5) {
            mv.visitInsn(ICONST_0 + v);
        } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            mv.visitIntInsn(BIPUSH, v);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            mv.visitIntInsn(SIPUSH, v);
        } else {
            mv.visitLdcInsn(v);
        }
    }

    private void lconst(long v) {
        if (v == 0) {
            mv.visitInsn(LCONST_0);
        } else if (v == 1) {
            mv.visitInsn(LCONST_1);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            iconst((int) v);
            mv.visitInsn(I2L);
        } else {
            mv.visitLdcInsn(v);
        }
    }
}
