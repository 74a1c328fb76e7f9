package dev.lunatik.vm.compiler;

import dev.lunatik.vm.value.LuaString;

/**
 * Describes an expression while it is being compiled, before (or after) its value has been put
 * anywhere: the same idea as the {@code expdesc} of PUC Lua's code generator. The
 * {@link #kind} says where the value lives; {@link #t} and {@link #f} are the lists of pending
 * jumps to take when the expression is true/false (used by {@code and}, {@code or}, {@code not}
 * and comparisons).
 */
final class ExpDesc {
    /** Where the value of an expression is. */
    enum Kind {
        /** no value (empty expression list) */
        VOID,
        /** the constant nil */
        NIL,
        /** the constant true */
        TRUE,
        /** the constant false */
        FALSE,
        /** constant {@link #info} of the constant table */
        K,
        /** a string constant not yet in the constant table ({@link #str}) */
        KSTR,
        /** an integer constant ({@link #ival}) */
        INT,
        /** value in a fixed register {@link #info} */
        NONRELOC,
        /** a local variable in register {@link #info} ({@link #var} describes it) */
        LOCAL,
        /** upvalue {@link #info} */
        UPVAL,
        /** R[{@link #tab}][RK({@link #idx})] */
        INDEXED,
        /** Up[{@link #tab}][K] with {@link #idx} an RK constant operand */
        INDEXUP,
        /** a comparison or test; {@link #info} is the pc of its jump */
        JMP,
        /** an instruction at pc {@link #info} whose target register A is still to be set */
        RELOC,
        /** a call at pc {@link #info} */
        CALL,
        /** a vararg expression at pc {@link #info} */
        VARARG
    }

    Kind kind;
    int info;
    long ival;
    LuaString str;
    int tab;
    int idx;
    /** For a named variable: its name and whether it may not be assigned (const / close). */
    String varName;
    boolean readOnly;
    /** Jump lists (pc of the first jump, {@link CodeEmitter#NO_JUMP} when empty). */
    int t = CodeEmitter.NO_JUMP;
    int f = CodeEmitter.NO_JUMP;

    ExpDesc() {
        this.kind = Kind.VOID;
    }

    ExpDesc(Kind kind, int info) {
        this.kind = kind;
        this.info = info;
    }

    static ExpDesc ofInt(long v) {
        ExpDesc e = new ExpDesc(Kind.INT, 0);
        e.ival = v;
        return e;
    }

    static ExpDesc ofStr(LuaString s) {
        ExpDesc e = new ExpDesc(Kind.KSTR, 0);
        e.str = s;
        return e;
    }

    void set(Kind kind, int info) {
        this.kind = kind;
        this.info = info;
    }

    void copyFrom(ExpDesc o) {
        kind = o.kind;
        info = o.info;
        ival = o.ival;
        str = o.str;
        tab = o.tab;
        idx = o.idx;
        varName = o.varName;
        readOnly = o.readOnly;
        t = o.t;
        f = o.f;
    }

    boolean hasJumps() {
        return t != f;
    }

    boolean hasMultRet() {
        return kind == Kind.CALL || kind == Kind.VARARG;
    }

    /** Whether this is an integer constant without pending jumps (a candidate for folding). */
    boolean isIntConst() {
        return kind == Kind.INT && !hasJumps();
    }
}
