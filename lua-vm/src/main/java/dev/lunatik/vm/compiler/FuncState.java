package dev.lunatik.vm.compiler;

import dev.lunatik.vm.bytecode.Proto;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one function being compiled: its growing code, constants, nested prototypes,
 * upvalues, active local variables, blocks, labels and pending gotos, and the register
 * allocation state ({@link #freeReg}, {@link #maxStack}).
 */
final class FuncState {
    /** Largest number of registers a function may use (register 255 is the "no register" mark). */
    static final int MAX_REGS = 255;
    static final int MAX_UPVALS = 255;

    private static final Object NIL_KEY = new Object();

    final FuncState parent;
    final String source;
    final String shortSource;
    final int lineDefined;
    int lastLineDefined;
    int numParams;
    boolean isVararg;

    int[] code = new int[32];
    int[] lines = new int[32];
    int pc;
    /** pc of the last jump target (no peephole merging across it). */
    int lastTarget;
    /** List of jumps pending to the next emitted instruction. */
    int jpc = CodeEmitter.NO_JUMP;
    /** Line attributed to instructions emitted now. */
    int line;

    final List<Object> constants = new ArrayList<>();
    private final Map<Object, Integer> constIndex = new HashMap<>();
    final List<Proto> protos = new ArrayList<>();
    final List<Proto.UpvalDesc> upvalues = new ArrayList<>();
    final List<Boolean> upvalReadOnly = new ArrayList<>();
    final List<MutableLocVar> locVars = new ArrayList<>();

    final List<VarDesc> actVars = new ArrayList<>();
    final List<LabelDesc> labels = new ArrayList<>();
    final List<LabelDesc> gotos = new ArrayList<>();

    BlockScope block;
    int freeReg;
    int maxStack = 2;

    /** Debug entry of a local variable whose range is still open. */
    static final class MutableLocVar {
        final String name;
        int startPc;
        int endPc;

        MutableLocVar(String name, int startPc) {
            this.name = name;
            this.startPc = startPc;
        }
    }

    FuncState(FuncState parent, String source, int lineDefined) {
        this.parent = parent;
        this.source = source;
        this.shortSource = dev.lunatik.vm.value.ChunkName.shortSource(source);
        this.lineDefined = lineDefined;
        this.line = lineDefined;
    }

    /** Throws a compile error at the current line. */
    LuaError error(String msg) {
        throw new LuaError(shortSource + ":" + line + ": " + msg);
    }

    LuaError errorAt(int atLine, String msg) {
        throw new LuaError(shortSource + ":" + atLine + ": " + msg);
    }

    /** The token Lua's parser would be at while a value goes into a register (for limit errors), or null. */
    String near;

    void checkLimit(int v, int limit, String what) {
        checkLimit(v, limit, what, null);
    }

    /**
     * Raises Lua's "too many ..." error when {@code v > limit}; {@code near} is the token Lua's
     * parser would be looking at (as it appears in the message, e.g. {@code "<eof>"} or
     * {@code "','"}), or null when the AST cannot tell.
     */
    void checkLimit(int v, int limit, String what, String near) {
        if (v > limit) {
            String where = lineDefined == 0 ? "main function" : "function at line " + lineDefined;
            error("too many " + what + " (limit is " + limit + ") in " + where + (near == null ? "" : " near " + near));
        }
    }

    // ---- constants

    int addConstant(Object v) {
        if (v instanceof LuaString s) v = LuaString.intern(s); // see LuaString.intern
        Object key = v == null ? NIL_KEY : v;
        Integer i = constIndex.get(key);
        if (i != null) return i;
        int n = constants.size();
        constants.add(v);
        constIndex.put(key, n);
        return n;
    }

    int stringConstant(LuaString s) {
        return addConstant(s);
    }

    // ---- variables

    /** Number of registers used by active variables (Lua's {@code luaY_nvarstack}). */
    int nvarStack() {
        return regLevel(actVars.size());
    }

    /** Register level of the first {@code nvar} active variables. */
    int regLevel(int nvar) {
        for (int i = nvar - 1; i >= 0; i--) {
            VarDesc v = actVars.get(i);
            if (v.inRegister()) return v.reg + 1;
        }
        return 0;
    }

    /**
     * Declares a local. The parser has checked Lua's limit of 200 local variables already, where
     * Lua checks it (in source order, before any later syntax error).
     */
    VarDesc newLocal(String name, VarDesc.Kind kind) {
        VarDesc v = new VarDesc(name, kind);
        pendingVars.add(v);
        return v;
    }

    /** Variables declared but not yet active (their initializers are being compiled). */
    final List<VarDesc> pendingVars = new ArrayList<>();

    /** Activates the next {@code n} pending variables, at the current pc. */
    void activateLocals(int n) {
        int reg = nvarStack();
        for (int i = 0; i < n; i++) {
            VarDesc v = pendingVars.remove(0);
            if (v.inRegister()) {
                v.reg = reg++;
                v.locVarIndex = locVars.size();
                locVars.add(new MutableLocVar(v.name, pc));
            }
            actVars.add(v);
        }
    }

    /** Deactivates variables down to {@code toLevel} entries, closing their debug ranges. */
    void removeVars(int toLevel) {
        while (actVars.size() > toLevel) {
            VarDesc v = actVars.remove(actVars.size() - 1);
            if (v.locVarIndex >= 0) locVars.get(v.locVarIndex).endPc = pc;
        }
    }

    /** Index of the active variable named {@code name}, searching innermost first, or -1. */
    int searchVar(String name) {
        for (int i = actVars.size() - 1; i >= 0; i--) {
            if (actVars.get(i).name.equals(name)) return i;
        }
        return -1;
    }

    /** Marks the block declaring active variable {@code varIndex} as having a captured variable. */
    void markUpval(int varIndex) {
        BlockScope b = block;
        while (b.nactvar > varIndex) b = b.previous;
        b.upval = true;
    }

    int searchUpvalue(String name) {
        for (int i = 0; i < upvalues.size(); i++) {
            if (upvalues.get(i).name().equals(name)) return i;
        }
        return -1;
    }

    int newUpvalue(String name, boolean inStack, int index, boolean readOnly) {
        return newUpvalue(name, inStack, index, readOnly, null);
    }

    /** As {@link #newUpvalue(String, boolean, int, boolean)}; {@code near} names the token after the name in a limit error. */
    int newUpvalue(String name, boolean inStack, int index, boolean readOnly, String near) {
        checkLimit(upvalues.size() + 1, MAX_UPVALS, "upvalues", near);
        upvalues.add(new Proto.UpvalDesc(name, inStack, index));
        upvalReadOnly.add(readOnly);
        return upvalues.size() - 1;
    }

    // ---- building

    Proto toProto() {
        Proto.LocVar[] lv = new Proto.LocVar[locVars.size()];
        for (int i = 0; i < lv.length; i++) {
            MutableLocVar m = locVars.get(i);
            lv[i] = new Proto.LocVar(m.name, m.startPc, m.endPc);
        }
        return new Proto(source, lineDefined, lastLineDefined, numParams, isVararg, maxStack,
                Arrays.copyOf(code, pc), constants.toArray(), protos.toArray(new Proto[0]),
                upvalues.toArray(new Proto.UpvalDesc[0]), Arrays.copyOf(lines, pc), lv);
    }
}
